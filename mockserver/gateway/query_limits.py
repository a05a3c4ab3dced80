"""Buffer's document limits (complexity, depth, aliases, directives, tokens) as validation rules.

The measure of an operation depends on the document and the schema only (never on
variables), so it is computed once when the document is validated and cached with it.

Cost model (docs/fidelity.md, Gateway › Query limits, "Complexity"): a leaf field (scalar or
enum) costs 1 point, a field of object, interface or union type 2 points, each multiplied by
1.5 per level of nesting (root fields at level 0: x1, their children x1.5, grandchildren
x2.25, ...). Fragments are expanded where they are spread; list fields count once, whatever
their page size (Buffer documents no list multiplier). ``__typename`` is a leaf like any other.

Depth counts the fields on the longest path (``{ account { id } }`` has depth 2).
Aliases and directives are counted over the operation with its fragments expanded.

Errors are plain GraphQL errors without ``extensions.code`` (as Buffer's are), marked
with ``is_query_limit`` so the endpoint formats them that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    get_named_type,
    is_leaf_type,
)
from graphql.validation import ASTValidationRule, ValidationContext

from mockserver import errors
from mockserver.gateway.selections import fragment_definitions
from mockserver.settings import QueryLimits

NESTING_FACTOR = 1.5
LEAF_COST = 1
COMPOSITE_COST = 2
TOKEN_LIMIT_MARKER = "tokens. Parsing aborted."
META_FIELDS = {"__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}  # introspection, on the root


class QueryLimitError(GraphQLError):
    """A document refused by one of Buffer's limits: formatted without ``extensions.code``."""

    is_query_limit = True

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


def complexity_error() -> QueryLimitError:
    return QueryLimitError(errors.MSG_COMPLEXITY, "complexity")


def depth_error(depth: int, maximum: int) -> QueryLimitError:
    return QueryLimitError(f"Query depth {depth} exceeds the maximum allowed depth of {maximum}.", "depth")


def aliases_error(count: int, maximum: int) -> QueryLimitError:
    return QueryLimitError(
        f"Query uses {count} aliases, more than the maximum of {maximum} allowed.", "aliases"
    )


def directives_error(count: int, maximum: int) -> QueryLimitError:
    return QueryLimitError(
        f"Query uses {count} directives, more than the maximum of {maximum} allowed.", "directives"
    )


def tokens_error(maximum: int) -> QueryLimitError:
    return QueryLimitError(f"Query exceeds the maximum allowed number of tokens ({maximum}).", "tokens")


def token_limit_error(error: GraphQLError, maximum: int | None) -> QueryLimitError | None:
    """Buffer's token-limit error for graphql-core's ``parse(max_tokens=...)`` abort, else None."""
    if maximum is not None and TOKEN_LIMIT_MARKER in error.message:
        return tokens_error(maximum)
    return None


@dataclass(frozen=True, slots=True)
class Measure:
    """What a selection costs when it sits at nesting level 0 (cost scales by 1.5 per level)."""

    depth: int = 0
    cost: float = 0.0
    aliases: int = 0
    directives: int = 0

    def plus(self, other: Measure, *, levels: int = 0, extra_depth: int = 0) -> Measure:
        """``self`` joined by ``other`` placed ``levels`` deeper."""
        return Measure(
            depth=max(self.depth, other.depth + extra_depth),
            cost=self.cost + other.cost * NESTING_FACTOR**levels,
            aliases=self.aliases + other.aliases,
            directives=self.directives + other.directives,
        )


class OperationMeter:
    """Measures operations of one document against a schema; fragment measures are memoized."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode) -> None:
        self.schema = schema
        self.fragments: dict[str, FragmentDefinitionNode] = fragment_definitions(document)
        self._memo: dict[str, Measure] = {}
        self._open: set[str] = set()  # fragments being measured (a cycle contributes nothing)

    def measure_operation(self, operation: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(operation.operation)
        own = Measure(directives=len(operation.directives or ()))
        return own.plus(self.selection_set(operation.selection_set, root))

    def selection_set(self, selection_set: SelectionSetNode | None, parent: Any) -> Measure:
        total = Measure()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            directives = len(selection.directives or ())
            if isinstance(selection, FieldNode):
                total = total.plus(self.field(selection, parent))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner_type = self.schema.get_type(condition.name.value) if condition else parent
                total = total.plus(self.selection_set(selection.selection_set, inner_type))
            elif isinstance(selection, FragmentSpreadNode):
                total = total.plus(self.fragment(selection.name.value))
            total = total.plus(Measure(directives=directives))
        return total

    def field(self, node: FieldNode, parent: Any) -> Measure:
        name = node.name.value
        definition: GraphQLField | None
        if name in META_FIELDS and parent is not None and parent is self.schema.query_type:
            definition = META_FIELDS[name]
        else:
            fields = getattr(parent, "fields", None)
            definition = fields.get(name) if fields else None
        # __typename and unknown fields (refused by the standard rules anyway) count as leaves.
        field_type = None if name == "__typename" or definition is None else get_named_type(definition.type)
        leaf = field_type is None or is_leaf_type(field_type)
        own = Measure(depth=1, cost=LEAF_COST if leaf else COMPOSITE_COST, aliases=1 if node.alias else 0)
        if node.selection_set is None:
            return own
        children = self.selection_set(node.selection_set, field_type if not leaf else None)
        return own.plus(children, levels=1, extra_depth=1)

    def fragment(self, name: str) -> Measure:
        cached = self._memo.get(name)
        if cached is not None:
            return cached
        definition = self.fragments.get(name)
        if definition is None or name in self._open:
            return Measure()  # unknown fragment or a cycle: reported by the standard rules
        self._open.add(name)
        try:
            condition = self.schema.get_type(definition.type_condition.name.value)
            measure = Measure(directives=len(definition.directives or ())).plus(
                self.selection_set(definition.selection_set, condition)
            )
        finally:
            self._open.discard(name)
        self._memo[name] = measure
        return measure


def limit_errors(measure: Measure, limits: QueryLimits) -> list[QueryLimitError]:
    """Every limit ``measure`` breaks, in a fixed order."""
    found: list[QueryLimitError] = []
    if measure.cost > limits.max_complexity:
        found.append(complexity_error())
    if measure.depth > limits.max_depth:
        found.append(depth_error(measure.depth, limits.max_depth))
    if measure.aliases > limits.max_aliases:
        found.append(aliases_error(measure.aliases, limits.max_aliases))
    if measure.directives > limits.max_directives:
        found.append(directives_error(measure.directives, limits.max_directives))
    return found


def measure_document(schema: GraphQLSchema, document: DocumentNode) -> dict[str | None, Measure]:
    """Each operation's measure, by operation name (None for an anonymous one)."""
    meter = OperationMeter(schema, document)
    return {
        (d.name.value if d.name else None): meter.measure_operation(d)
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    }


class QueryLimitsRule(ASTValidationRule):
    """Reports each operation's broken limits (configure with :func:`query_limit_rules`)."""

    limits: QueryLimits = QueryLimits()

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self.schema = context.schema
        self.meter = OperationMeter(context.schema, context.document)

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        if self.schema.get_root_type(node.operation) is None:
            return  # e.g. a subscription: the standard rules report it
        try:
            measure = self.meter.measure_operation(node)
        except RecursionError:
            measure = Measure(depth=self.limits.max_depth + 1)
        for error in limit_errors(measure, self.limits):
            self.report_error(error)


def query_limit_rules(limits: QueryLimits) -> list[type[ASTValidationRule]]:
    """The validation rules enforcing ``limits`` (the token limit is the parser's)."""
    rule = type("ConfiguredQueryLimitsRule", (QueryLimitsRule,), {"limits": limits})
    return [rule]


__all__ = [
    "Measure",
    "OperationMeter",
    "QueryLimitError",
    "limit_errors",
    "measure_document",
    "query_limit_rules",
    "token_limit_error",
]
