"""What a generated post carries, per network: text, assets and metadata."""

from __future__ import annotations

import random
import string
from typing import Any

from mockserver.clock import DAY_MS, HOUR_MS
from mockserver.worldgen.channels import ChannelPlan
from mockserver.worldgen.content import (
    add_hashtags,
    document_asset,
    image_asset,
    iso,
    link_attachment,
    post_text,
    random_code,
    random_digits,
    video_asset,
)
from mockserver.worldgen.pool import TextSource

Json = dict[str, Any]
THREADED = ("twitter", "threads", "mastodon", "bluesky")
_NO_HASHTAGS = ("pinterest", "youtube", "googlebusiness", "startPage", "tiktok")


class PostContentWriter:
    """Draws a post's content from the world's random source, in a fixed order (the default world
    regenerates byte for byte)."""

    def __init__(self, rng: random.Random, fake: TextSource, site: str, anchor: int) -> None:
        self.rng, self.fake, self.site, self.anchor = rng, fake, site, anchor

    def content(self, plan: ChannelPlan) -> tuple[str, list[Json], Json | None, bool]:
        """Text, assets, metadata and whether the post carries a video."""
        rng, fake, service = self.rng, self.fake, plan.service
        text = post_text(fake, rng, service)
        annotations: list[Json] = []
        if service not in _NO_HASHTAGS and rng.random() < 0.35:
            text, annotations = add_hashtags(text, rng, service)
        assets: list[Json] = []
        metadata: Json = {}
        if service in THREADED:
            if rng.random() < 0.25:
                assets.append(image_asset(rng, fake))
            if rng.random() < 0.18:
                parts = [text] + [post_text(fake, rng, service) for _ in range(rng.randint(1, 3))]
                metadata["thread"] = [{"text": part} for part in parts]
            if service == "threads" and rng.random() < 0.3:
                metadata["topic"] = rng.choice(("Coffee", "Small Business", "Design"))
            if service == "mastodon" and rng.random() < 0.1:
                metadata["spoilerText"] = "Long post"
        elif service == "facebook":
            roll = rng.random()
            if roll < 0.1:
                metadata["type"] = "reel"
                assets.append(video_asset(rng))
            elif roll < 0.2:
                metadata["type"] = "story"
                assets.append(image_asset(rng, fake, portrait=True))
            elif roll < 0.65:
                assets.append(image_asset(rng, fake))
            elif roll < 0.85:
                metadata["linkAttachment"] = link_attachment(rng, fake, self.site)
            if rng.random() < 0.15:
                metadata["firstComment"] = fake.sentence()
        elif service == "instagram":
            self.instagram(plan, assets, metadata)
        elif service == "linkedin":
            roll = rng.random()
            if roll < 0.3:
                assets.append(image_asset(rng, fake))
            elif roll < 0.4:
                assets.append(document_asset(rng, fake))
            elif roll < 0.5:
                assets.append(video_asset(rng, vertical=False, max_seconds=240))
            elif roll < 0.7:
                metadata["linkAttachment"] = link_attachment(rng, fake, self.site)
            if rng.random() < 0.1:
                metadata["firstComment"] = f"Read more: https://{self.site}/blog/{fake.slug()}"
        elif service == "pinterest":
            assets.append(image_asset(rng, fake, portrait=True))
            board = rng.choice(plan.channel["metadata"]["boards"])
            metadata.update(
                {
                    "board": dict(board),
                    "title": fake.catch_phrase(),
                    "url": f"https://{self.site}/shop/{fake.slug()}",
                }
            )
        elif service == "tiktok":
            if rng.random() < 0.85:
                assets.append(video_asset(rng, max_seconds=60))
            else:
                metadata["type"] = "carousel"
                metadata["title"] = fake.catch_phrase()
                assets.extend(image_asset(rng, fake, portrait=True) for _ in range(rng.randint(2, 4)))
            if rng.random() < 0.05:
                metadata["isAiGenerated"] = True
        elif service == "youtube":
            short = rng.random() < 0.4
            assets.append(video_asset(rng, vertical=short, max_seconds=60 if short else 900))
            metadata.update(
                {
                    "type": "short" if short else "post",
                    "title": fake.catch_phrase(),
                    "category": rng.choice(
                        (
                            {"categoryId": "22", "title": "People & Blogs"},
                            {"categoryId": "26", "title": "Howto & Style"},
                        )
                    ),
                    "privacy": "public",
                    "license": "youtube",
                }
            )
        elif service == "googlebusiness":
            self.google_business(assets, metadata)
        if annotations:
            metadata["annotations"] = annotations
        if service == "startPage":
            return text, assets, None, False
        if "type" not in metadata and service != "googlebusiness":
            metadata = {"type": "post", **metadata}
        has_video = any("video" in asset for asset in assets)
        return text, assets, metadata, has_video

    def instagram(self, plan: ChannelPlan, assets: list[Json], metadata: Json) -> None:
        rng, fake = self.rng, self.fake
        roll = rng.random()
        if roll < 0.45:
            metadata["type"] = "post"
            assets.append(image_asset(rng, fake, portrait=rng.random() < 0.5))
        elif roll < 0.65:
            metadata["type"] = "carousel"
            assets.extend(image_asset(rng, fake) for _ in range(rng.randint(2, 5)))
        elif roll < 0.9:
            metadata["type"] = "reel"
            assets.append(video_asset(rng))
        else:
            metadata["type"] = "story"
            metadata["shouldShareToFeed"] = False
            assets.append(image_asset(rng, fake, portrait=True))
            metadata["stickerFields"] = {"text": fake.sentence(nb_words=5)}
        if rng.random() < 0.2:
            metadata["firstComment"] = " ".join(f"#{word}" for word in fake.words(nb=4))
        if rng.random() < 0.15:
            metadata["geolocation"] = {"id": random_digits(rng, 15), "text": fake.city()}
        if metadata["type"] == "post" and rng.random() < 0.1 and assets and "image" in assets[0]:
            assets[0]["image"]["userTags"] = [
                {"handle": self.fake.user_name(), "x": round(rng.random(), 2), "y": round(rng.random(), 2)}
            ]

    def google_business(self, assets: list[Json], metadata: Json) -> None:
        rng, fake = self.rng, self.fake
        if rng.random() < 0.5:
            assets.append(image_asset(rng, fake))
        roll = rng.random()
        start = self.anchor + rng.randint(-200, 20) * DAY_MS
        if roll < 0.6:
            metadata["details"] = {
                "whatsNew": {
                    "button": rng.choice(("learn_more", "order", "call")),
                    "link": f"https://{self.site}/menu",
                }
            }
        elif roll < 0.85:
            metadata["title"] = f"{rng.choice((10, 15, 20, 25))}% off {fake.word()} blends"
            metadata["details"] = {
                "offer": {
                    "title": metadata["title"],
                    "startDate": iso(start),
                    "endDate": iso(start + 14 * DAY_MS),
                    "code": random_code(rng, 8, string.ascii_uppercase + string.digits),
                    "link": f"https://{self.site}/offers",
                    "terms": "One per customer.",
                }
            }
        else:
            metadata["title"] = f"Latte art class in {fake.city()}"
            metadata["details"] = {
                "event": {
                    "title": metadata["title"],
                    "startDate": iso(start + 18 * HOUR_MS),
                    "endDate": iso(start + 20 * HOUR_MS),
                    "isFullDayEvent": False,
                    "button": "book",
                    "link": f"https://{self.site}/events",
                }
            }
