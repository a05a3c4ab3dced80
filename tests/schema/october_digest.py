"""The 2026-10 schema as the reference plus the October digest, written from the digest's items.

Each digest section is one block (a function editing the reference model); a helper that adds
a section appends its function to :data:`DIGEST_SECTIONS`. New members are expected after the
reference's own (the served SDL adds them with ``extend``), unless a section says otherwise.
The types are the digest's (including its *inferred* ones, recorded in docs/fidelity.md),
never read from our SDL.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mockserver.contract.schema_model import (
    ENUM,
    INPUT_OBJECT,
    OBJECT,
    SCALAR,
    UNION,
    EnumValue,
    Field,
    InputValue,
    SchemaModel,
    TypeDef,
)

_FIELD = re.compile(r"^(?P<name>\w+)(?:\((?P<args>[^)]*)\))?: (?P<type>[\w\[\]!]+)$")
_INPUT = re.compile(r"^(?P<name>\w+): (?P<type>[\w\[\]!]+)(?: = (?P<default>.+))?$")


def _input_value(text: str) -> InputValue:
    match = _INPUT.match(text.strip())
    assert match, text
    return InputValue(match["name"], match["type"], match["default"])


def _field(text: str) -> Field:
    match = _FIELD.match(text.strip())
    assert match, text
    args = [_input_value(a) for a in (match["args"] or "").split(",") if a.strip()]
    return Field(match["name"], match["type"], {a.name: a for a in args})


def new_type(model: SchemaModel, definition: TypeDef) -> None:
    assert definition.name not in model.types, f"{definition.name} is already in the reference"
    model.types[definition.name] = definition


def add_object(model: SchemaModel, name: str, *fields: str, interfaces: tuple[str, ...] = ()) -> None:
    parsed = [_field(f) for f in fields]
    new_type(model, TypeDef(name, OBJECT, fields={f.name: f for f in parsed}, interfaces=interfaces))


def add_input(model: SchemaModel, name: str, *fields: str) -> None:
    parsed = [_input_value(f) for f in fields]
    new_type(model, TypeDef(name, INPUT_OBJECT, input_fields={f.name: f for f in parsed}))


def add_union(model: SchemaModel, name: str, *members: str) -> None:
    new_type(model, TypeDef(name, UNION, possible_types=members))


def add_scalar(model: SchemaModel, name: str) -> None:
    new_type(model, TypeDef(name, SCALAR))


def add_enum(model: SchemaModel, name: str, *values: str) -> None:
    new_type(model, TypeDef(name, ENUM, enum_values={v: EnumValue(v) for v in values}))


def add_fields(model: SchemaModel, type_name: str, *fields: str) -> None:
    target = model.types[type_name].fields
    for text in fields:
        parsed = _field(text)
        assert parsed.name not in target, f"{type_name}.{parsed.name} is already in the reference"
        target[parsed.name] = parsed


def add_input_fields(model: SchemaModel, type_name: str, *fields: str) -> None:
    target = model.types[type_name].input_fields
    for text in fields:
        parsed = _input_value(text)
        assert parsed.name not in target, f"{type_name}.{parsed.name} is already in the reference"
        target[parsed.name] = parsed


def add_enum_values(model: SchemaModel, enum: str, *values: str) -> None:
    target = model.types[enum]
    assert target.kind == ENUM
    for value in values:
        assert value not in target.enum_values, f"{enum}.{value} is already in the reference"
        target.enum_values[value] = EnumValue(value)


def deprecate_field(model: SchemaModel, type_name: str, name: str) -> None:
    holder = model.types[type_name]
    if holder.kind == INPUT_OBJECT:
        old = holder.input_fields[name]
        holder.input_fields[name] = InputValue(old.name, old.type, old.default, True, "(any reason)")
    else:
        field = holder.fields[name]
        holder.fields[name] = Field(field.name, field.type, field.args, True, "(any reason)")


# --- §1 root fields are added by the section of their domain ----------------------------------


def section_2_posts(model: SchemaModel) -> None:
    """§2 Posts (Post.contentItemId belongs to §8, content items)."""
    add_fields(model, "Author", "urn: String")
    add_input_fields(model, "PostsFiltersInput", "postTypes: [PostType!]")
    add_enum_values(
        model,
        "AnnotationType",
        "bold",
        "bulletedListItem",
        "heading",
        "italic",
        "orderedListItem",
        "strikethrough",
    )
    add_enum_values(model, "NoteAction", "reactToNote")


def section_4_channel_actions(model: SchemaModel) -> None:
    """§4 Channels: the new ChannelAction values (services and WhatsApp belong to netconf)."""
    add_enum_values(
        model,
        "ChannelAction",
        "exportInsights",
        "manageChannelSettings",
        "manageDms",
        "scheduleUpdates",
        "viewDms",
    )


def section_5_deprecated_but_accepted(model: SchemaModel) -> None:
    """§5 and §13.1: hidden by default introspection, so deprecated (and still accepted)."""
    for type_name, name in (
        ("PostsFiltersInput", "startDate"),
        ("PostsFiltersInput", "endDate"),
        ("PostsFiltersInput", "tagIds"),
        ("AssetInput", "link"),
        ("ImageMetadataInput", "dimensions"),
    ):
        deprecate_field(model, type_name, name)


def section_6_threads(model: SchemaModel) -> None:
    add_fields(model, "ThreadedPost", "metadata: ThreadItemMetadata")
    deprecate_field(model, "ThreadedPost", "linkAttachment")
    add_object(
        model,
        "ThreadItemMetadata",
        "bluesky: ThreadItemBlueskyMetadata",
        "threads: ThreadItemThreadsMetadata",
    )
    add_object(model, "ThreadItemBlueskyMetadata", "linkAttachment: LinkAttachment")
    add_object(model, "ThreadItemThreadsMetadata", "linkAttachment: LinkAttachment")
    add_input_fields(model, "ThreadedPostInput", "metadata: ThreadItemMetadataInput")
    add_input(
        model,
        "ThreadItemMetadataInput",
        "bluesky: ThreadItemBlueskyMetadataInput",
        "threads: ThreadItemThreadsMetadataInput",
    )
    add_input(model, "ThreadItemBlueskyMetadataInput", "linkAttachment: LinkAttachmentInput")
    add_input(model, "ThreadItemThreadsMetadataInput", "linkAttachment: LinkAttachmentInput")


def section_7_tags(model: SchemaModel) -> None:
    add_fields(
        model,
        "Query",
        "tag(input: TagByIdInput!): Tag",
        "tagsV2(after: String, first: Int, input: TagsInput!): TagsConnection!",
    )
    add_fields(
        model,
        "Mutation",
        "createTag(input: CreateTagInput!): CreateTagPayload!",
        "updateTag(input: UpdateTagInput!): UpdateTagPayload!",
        "deleteTag(input: DeleteTagInput!): DeleteTagPayload!",
    )
    add_input(model, "TagByIdInput", "id: TagId!")
    add_input(model, "TagsInput", "filter: TagsFilterInput", "organizationId: OrganizationId!")
    add_input(model, "TagsFilterInput", "isLocked: Boolean")
    add_object(model, "TagEdge", "cursor: String!", "node: Tag!")
    add_object(
        model, "TagsConnection", "edges: [TagEdge!]!", "pageInfo: PaginationPageInfo!", "totalCount: Int!"
    )
    add_input(model, "CreateTagInput", "organizationId: OrganizationId!", "tag: TagToCreateInput!")
    add_input(model, "TagToCreateInput", "color: String!", "name: String!")
    add_input(model, "UpdateTagInput", "id: TagId!", "tag: TagToUpdateInput!")
    add_input(model, "TagToUpdateInput", "color: String!", "name: String!")
    add_input(model, "DeleteTagInput", "id: TagId!")
    add_object(model, "TagActionSuccess", "tag: Tag!")
    add_object(model, "DeleteTagActionSuccess", "id: TagId!")
    add_object(model, "DuplicateError", "message: String!", interfaces=("MutationError",))
    tail = ("NotFoundError", "UnauthorizedError", "UnexpectedError", "RestProxyError")
    add_union(
        model,
        "CreateTagPayload",
        "TagActionSuccess",
        "InvalidInputError",
        "DuplicateError",
        "LimitReachedError",
        *tail,
    )
    add_union(model, "UpdateTagPayload", "TagActionSuccess", "InvalidInputError", "DuplicateError", *tail)
    add_union(model, "DeleteTagPayload", "DeleteTagActionSuccess", "InvalidInputError", *tail)


def section_8_content_items(model: SchemaModel) -> None:
    """§8 Content items, and §2's Post.contentItemId."""
    add_fields(
        model,
        "Query",
        "contentItem(input: ContentItemInput!): ContentItem!",
        "contentItems(after: String, first: Int, input: ContentItemsInput!): ContentItemsConnection!",
    )
    mutations = (
        "addPostToContentItem",
        "createContentItem",
        "createContentItemDraft",
        "deleteContentItem",
        "promoteContentItemDraftToPosts",
        "removePostFromContentItem",
        "updateContentItem",
        "updateContentItemDraft",
    )
    add_fields(
        model,
        "Mutation",
        *(f"{m}(input: {m[0].upper()}{m[1:]}Input!): {m[0].upper()}{m[1:]}Payload!" for m in mutations),
    )
    add_fields(model, "Post", "contentItemId: ContentItemId")
    add_scalar(model, "ContentItemId")
    add_scalar(model, "DraftContentId")
    add_object(
        model,
        "ContentItem",
        "id: ContentItemId!",
        "accountId: AccountId!",
        "allowedActions: [ContentItemAction!]!",
        "author: Author",
        "body: ContentItemBody!",
        "organizationId: OrganizationId!",
        "tags: [Tag!]!",
        "targetDate: DateTime",
        "title: String",
        "createdAt: DateTime!",
    )
    add_enum(model, "ContentItemAction", "deleteContentItem", "updateContentItem")
    add_union(model, "ContentItemBody", "DraftContent", "PostContent")
    add_object(
        model,
        "DraftContent",
        "id: DraftContentId!",
        "aiAssisted: Boolean!",
        "assets: [Asset!]!",
        "text: String!",
    )
    add_object(model, "PostContent", "posts: [Post!]!")
    add_input(model, "ContentItemInput", "id: ContentItemId!")
    add_object(
        model,
        "ContentItemsConnection",
        "edges: [ContentItemEdge!]!",
        "pageInfo: PaginationPageInfo!",
        "totalCount: Int!",
    )
    add_object(model, "ContentItemEdge", "cursor: String!", "node: ContentItem!")
    add_input(
        model,
        "ContentItemsInput",
        "filter: ContentItemsFilter",
        "organizationId: OrganizationId!",
        "sort: [ContentItemsSortInput!]",
    )
    add_input(
        model,
        "ContentItemsFilter",
        "contentStatus: ContentItemStatus",
        "tags: TagComparator",
        "targetDate: ContentItemsTargetDateFilter",
    )
    add_enum(model, "ContentItemStatus", "draftContent", "postContent")
    add_input(
        model, "ContentItemsTargetDateFilter", "presence: DateTimePresence", "range: DateTimeComparator"
    )
    add_input(model, "ContentItemsSortInput", "direction: SortDirection!", "field: ContentItemSortableKey!")
    add_enum(model, "ContentItemSortableKey", "targetDate", "createdAt")
    add_input(
        model,
        "CreateContentItemInput",
        "organizationId: OrganizationId!",
        "posts: [CreatePostInput!]!",
        "tagIds: [TagId!]",
        "targetDate: DateTime",
        "title: String",
    )
    error = ("MutationError",)
    add_object(model, "CreateContentItemSuccess", "content: ContentItem!")
    add_object(
        model,
        "CreateContentItemFailure",
        "errors: [CreateContentItemError!]!",
        "message: String!",
        interfaces=error,
    )
    variants = ("InvalidInput", "LimitReached", "NotFound")
    add_union(
        model,
        "CreateContentItemError",
        "InvalidInputError",
        "NotFoundError",
        "LimitReachedError",
        *(f"CreateContentItemVariant{v}Error" for v in variants),
    )
    for variant in variants:
        add_object(
            model,
            f"CreateContentItemVariant{variant}Error",
            "channelId: ChannelId!",
            "message: String!",
            interfaces=error,
        )
    add_union(model, "CreateContentItemPayload", "CreateContentItemSuccess", "CreateContentItemFailure")
    add_input(
        model,
        "DraftContentInput",
        "aiAssisted: Boolean! = false",
        "assets: [AssetInput!]! = []",
        "text: String!",
    )
    add_input(
        model,
        "CreateContentItemDraftInput",
        "correlationId: Uuid",
        "draft: DraftContentInput!",
        "organizationId: OrganizationId!",
        "tagIds: [TagId!]",
        "targetDate: DateTime",
        "title: String",
    )
    for name, errors in (
        ("CreateContentItemDraft", "[InvalidInputError!]!"),
        ("UpdateContentItem", "[InvalidInputError!]!"),
        ("UpdateContentItemDraft", "[UpdateContentItemDraftError!]!"),
        ("PromoteContentItemDraftToPosts", "[PromoteContentItemDraftToPostsError!]!"),
    ):
        add_object(model, f"{name}Success", "contentItem: ContentItem!")
        add_object(model, f"{name}Failure", f"errors: {errors}", "message: String!", interfaces=error)
        add_union(model, f"{name}Payload", f"{name}Success", f"{name}Failure")
    add_input(model, "UpdateContentItemInput", "id: ContentItemId!", "targetDate: DateTime", "title: String")
    add_input(
        model,
        "UpdateContentItemDraftInput",
        "id: ContentItemId!",
        "draft: DraftContentInput!",
        "tagIds: [TagId!]",
        "targetDate: DateTime",
    )
    add_union(model, "UpdateContentItemDraftError", "InvalidInputError", "ContentItemStateError")
    add_object(model, "ContentItemStateError", "message: String!", interfaces=error)
    add_input(model, "DeleteContentItemInput", "id: ContentItemId!")
    add_object(
        model,
        "DeleteContentItemFailure",
        "errors: [PostNotDeletableError!]!",
        "message: String!",
        interfaces=error,
    )
    add_object(model, "PostNotDeletableError", "channelId: ChannelId!", "message: String!", interfaces=error)
    add_union(model, "DeleteContentItemPayload", "EmptySuccess", "DeleteContentItemFailure")
    add_input(
        model,
        "PromoteContentItemDraftToPostsInput",
        "id: ContentItemId!",
        "posts: [CreatePostInput!]!",
        "tagIds: [TagId!]",
    )
    add_union(
        model,
        "PromoteContentItemDraftToPostsError",
        "ContentItemStateError",
        "InvalidInputError",
        "PostChannelNotFoundError",
        "PostInvalidInputError",
        "PostLimitReachedError",
    )
    for name in ("PostChannelNotFoundError", "PostInvalidInputError", "PostLimitReachedError"):
        add_object(model, name, "channelId: ChannelId!", "message: String!", interfaces=error)
    for name in ("AddPostToContentItem", "RemovePostFromContentItem"):
        add_input(model, f"{name}Input", "id: ContentItemId!", "postId: PostId!")
        add_object(model, f"{name}Success", "contentItem: ContentItem!", "post: Post!")
        add_union(model, f"{name}Payload", f"{name}Success", "VoidMutationError")


def section_9_snippets(model: SchemaModel) -> None:
    add_fields(model, "Query", "snippets(input: SnippetsInput!): [Snippet!]!")
    add_fields(
        model,
        "Mutation",
        "createSnippet(input: CreateSnippetInput!): CreateSnippetPayload!",
        "updateSnippet(input: UpdateSnippetInput!): UpdateSnippetPayload!",
        "deleteSnippet(input: DeleteSnippetInput!): DeleteSnippetPayload!",
    )
    add_scalar(model, "SnippetId")
    add_object(model, "Snippet", "id: SnippetId!", "name: String!", "text: String!")
    add_input(model, "SnippetsInput", "organizationId: OrganizationId!")
    add_input(
        model, "CreateSnippetInput", "name: String!", "organizationId: OrganizationId!", "text: String!"
    )
    add_input(
        model,
        "UpdateSnippetInput",
        "id: SnippetId!",
        "name: String!",
        "organizationId: OrganizationId!",
        "text: String!",
    )
    add_input(model, "DeleteSnippetInput", "id: SnippetId!", "organizationId: OrganizationId!")
    add_object(model, "CreateSnippetSuccess", "snippet: Snippet!")
    add_object(model, "UpdateSnippetSuccess", "snippet: Snippet!")
    add_union(model, "CreateSnippetPayload", "CreateSnippetSuccess", "VoidMutationError")
    add_union(model, "UpdateSnippetPayload", "UpdateSnippetSuccess", "VoidMutationError")
    add_union(model, "DeleteSnippetPayload", "EmptySuccess", "VoidMutationError")


#: Every digest section the 2026-10 expectation applies, in digest order (add yours in order).
DIGEST_SECTIONS: list[Callable[[SchemaModel], None]] = [
    section_2_posts,
    section_4_channel_actions,
    section_5_deprecated_but_accepted,
    section_6_threads,
    section_7_tags,
    section_8_content_items,
    section_9_snippets,
]


def october_expectation(reference: SchemaModel) -> SchemaModel:
    """The reference model with every section of :data:`DIGEST_SECTIONS` applied (edits ``reference``)."""
    for section in DIGEST_SECTIONS:
        section(reference)
    return reference
