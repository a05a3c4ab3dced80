"""``buffer-mock generate``: seeded worlds of a chosen size, deterministic, valid and realistic."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from mockserver.cli import main
from mockserver.fixtures import default_world_dir, load_fixture_dir, validate_fixture_dir
from mockserver.fixtures.loader import WorldData
from mockserver.services import SERVICES

DAY_MS = 86_400_000
SIZED = ["--seed", "7", "--organizations", "3", "--channels", "30", "--posts", "1500", "--quiet"]


def _ms(text: str) -> int:
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


@pytest.fixture(scope="module")
def sized_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sized")
    assert main(["generate", *SIZED, "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def sized(sized_dir: Path) -> WorldData:
    return load_fixture_dir(sized_dir)


def test_generate_with_the_default_seed_writes_the_committed_default_world(tmp_path: Path) -> None:
    assert main(["generate", "--seed", "20261115", "--out", str(tmp_path), "--quiet"]) == 0
    committed = {p.name: p.read_bytes() for p in default_world_dir().glob("*.yaml")}
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.yaml")} == committed


def test_the_same_seed_and_sizes_write_the_same_bytes(sized_dir: Path, tmp_path: Path) -> None:
    assert main(["generate", *SIZED, "--out", str(tmp_path)]) == 0
    for path in sized_dir.glob("*.yaml"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_another_seed_writes_another_world(sized_dir: Path, tmp_path: Path) -> None:
    other = [*SIZED]
    other[1] = "8"
    assert main(["generate", *other, "--out", str(tmp_path)]) == 0
    assert (tmp_path / "40-posts.yaml").read_bytes() != (sized_dir / "40-posts.yaml").read_bytes()


def test_a_sized_world_passes_validate_and_has_the_sizes_asked_for(sized_dir: Path, sized: WorldData) -> None:
    assert validate_fixture_dir(sized_dir) == []
    assert (len(sized.organizations), len(sized.channels), len(sized.posts)) == (3, 30, 1500)


def test_every_network_and_every_status_is_present(sized: WorldData) -> None:
    assert {c.service for c in sized.channels} == set(SERVICES)
    statuses = Counter(p.status for p in sized.posts)
    assert set(statuses) == {"draft", "needs_approval", "scheduled", "sending", "sent", "error"}
    assert statuses["sent"] > len(sized.posts) / 2


def test_every_organization_has_channels_an_owner_key_tags_and_ideas(sized: WorldData) -> None:
    for organization in sized.organizations:
        assert any(c.organization_id == organization.id for c in sized.channels)
        owner = next(a for a, role in organization.members.items() if role == "owner")
        assert any(t.account_id == owner and t.kind == "personal" for t in sized.tokens)
        assert any(t.organization_id == organization.id for t in sized.tags)
        assert any(i.organization_id == organization.id for i in sized.ideas)


def test_channels_have_schedules_in_several_timezones(sized: WorldData) -> None:
    assert len({c.timezone for c in sized.channels}) >= 4
    assert sum(1 for c in sized.channels if c.posting_schedule) >= 25


def test_metrics_respect_the_network_capabilities(sized: WorldData) -> None:
    measured = [p for p in sized.posts if p.metrics_target or p.metrics]
    assert len(measured) > 500
    for post in measured:
        metrics = post.metrics_target or post.metrics or {}
        if "reach" in metrics and "impressions" in metrics:
            assert metrics["reach"] <= metrics["impressions"], post.id
        if "engagementRate" in metrics:
            assert 0 <= metrics["engagementRate"] <= 100, post.id
        assert all(value >= 0 for value in metrics.values())


def test_facebook_likes_never_exceed_reactions(sized_dir: Path) -> None:
    import yaml

    posts = yaml.safe_load((sized_dir / "40-posts.yaml").read_text())["posts"]
    channels = yaml.safe_load((sized_dir / "30-channels.yaml").read_text())["channels"]
    facebook = {c["id"] for c in channels if c["service"] == "facebook"}
    measured = [p["metrics"] for p in posts if p["channelId"] in facebook and "metrics" in p]
    assert measured
    assert all(m["likes"] <= m["reactions"] for m in measured)


def test_metrics_are_heavy_tailed(sized: WorldData) -> None:
    reactions = sorted(
        (p.metrics_target or p.metrics or {}).get("reactions", 0) for p in sized.posts if p.status == "sent"
    )
    assert reactions[-1] > 10 * max(1.0, statistics.median(reactions))


def test_posts_fall_in_the_window_not_around_today(tmp_path: Path) -> None:
    window = ["--start", "2024-03-01", "--end", "2024-06-01T00:00:00Z", "--posts", "400", "--quiet"]
    assert main(["generate", "--seed", "3", *window, "--out", str(tmp_path)]) == 0
    world = load_fixture_dir(tmp_path)
    start, end = _ms("2024-03-01T00:00:00Z"), _ms("2024-06-01T00:00:00Z")
    sent = [p.sent_at for p in world.posts if p.status == "sent" and p.sent_at is not None]
    scheduled = [p.due_at for p in world.posts if p.status == "scheduled" and p.due_at is not None]
    assert sent and scheduled
    assert start - DAY_MS <= min(sent) and max(sent) <= end
    assert end < min(scheduled) and max(scheduled) <= end + 36 * DAY_MS
    assert world.anchor == end


def test_networks_limits_the_channels_to_those_networks(tmp_path: Path) -> None:
    args = ["--seed", "3", "--channels", "6", "--posts", "200", "--networks", "linkedin,bluesky", "--quiet"]
    assert main(["generate", *args, "--out", str(tmp_path)]) == 0
    world = load_fixture_dir(tmp_path)
    assert {c.service for c in world.channels} == {"linkedin", "bluesky"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organizations", "0"], "--organizations must be at least 1"),
        (["--organizations", "4", "--channels", "3"], "--channels must be at least --organizations (4)"),
        (["--posts", "-1"], "--posts must be 0 or more"),
        (["--networks", "myspace"], "--networks: unknown network 'myspace'"),
        (["--start", "yesterday"], "--start: not an ISO date or instant: 'yesterday'"),
        (["--start", "2026-01-02", "--end", "2026-01-01"], "--start must be before --end"),
    ],
)
def test_a_bad_option_is_one_line_naming_it_and_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", "--out", str(tmp_path), *args]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error
    assert list(tmp_path.iterdir()) == []
