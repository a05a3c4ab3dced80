"""A compiled executor for plain queries: graphql-core's answer, without its per-field machinery.

graphql-core executes a field through a dozen generic steps (resolve info, path, awaitable and
null checks, completion by type); on a page of 100 posts that is nine tenths of the request. A
query's shape is fixed once it is validated, so :func:`compile_operation` turns it, once per
document and operation, into nested closures that resolve and complete each field directly.

The compiled form covers what the mock's reads use: fields (aliases, arguments, repeated keys
merged), fragments and inline fragments, lists, non-null types, scalars and enums, interfaces and
unions resolved through ``resolve_type``. Anything else (``@skip``/``@include``, an ``is_type_of``
check, a subscription or mutation) is not compiled, and the request takes graphql-core's path.

It never has to be right about errors: a resolver that raises, a null where the schema says
non-null, a value a scalar cannot serialize or a runtime type that does not fit makes the
compiled run give up (:class:`GiveUp`), and the endpoint executes the same request through
graphql-core, which produces the error, its path and the null propagation. Queries have no side
effects, so running one twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, TypeGuard

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)
from graphql.execution.values import VariableValues, get_argument_values
from graphql.pyutils import Path, Undefined

from mockserver.resolvers.defaults import default_field_resolver, snake_case

Complete = Callable[[Any, Any, VariableValues], Any]  # (value, context, variables) -> result
Fields = dict[str, list[FieldNode]]


# Fields compiled per operation at most (abstract members count when first seen): bounds the
# memory and time a compiled form costs, whatever the document.
MAX_COMPILED_FIELDS = 2_000


class GiveUp(Exception):
    """The compiled run cannot answer like graphql-core would: execute through graphql-core."""


class NotCompilable(Exception):
    """The operation uses something the compiled form does not cover."""


class CompiledOperation:
    """One operation of one document, compiled against one schema."""

    def __init__(self, run: Callable[[Any, VariableValues], dict[str, Any]]) -> None:
        self._run = run

    def execute(self, context: Any, variables: VariableValues) -> dict[str, Any]:
        """The ``data`` graphql-core would answer (coerced ``variables``); GiveUp if unsure."""
        try:
            return self._run(context, variables)
        except GiveUp:
            raise
        except Exception as error:  # a resolver's error: graphql-core will report it
            raise GiveUp from error


def compile_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    default_resolver: Callable[..., Any],
) -> CompiledOperation | None:
    """The compiled form of a query, or None when it uses something not covered."""
    if operation.operation != OperationType.QUERY or schema.query_type is None or operation.directives:
        return None
    compiler = _Compiler(schema, operation, fragments, default_resolver)
    try:
        run_root = compiler.object_runner(schema.query_type, [operation.selection_set], Path(None, "", None))
    except NotCompilable:
        return None

    def run(context: Any, variables: VariableValues) -> dict[str, Any]:
        result: dict[str, Any] = run_root(None, context, variables)
        return result

    return CompiledOperation(run)


class _Compiler:
    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: Mapping[str, FragmentDefinitionNode],
        default_resolver: Callable[..., Any],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments
        self.default_resolver = default_resolver
        self.budget = MAX_COMPILED_FIELDS

    # --- selections --------------------------------------------------------------------------
    def collect(self, runtime_type: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode]) -> Fields:
        fields: Fields = {}
        for selection_set in selection_sets:
            self._collect_into(fields, runtime_type, selection_set, set())
        return fields

    def _collect_into(
        self, fields: Fields, runtime_type: GraphQLObjectType, selection_set: SelectionSetNode, seen: set[str]
    ) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCompilable("directives")
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if self._applies(selection.type_condition, runtime_type):
                    self._collect_into(fields, runtime_type, selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if name in seen or fragment is None:
                    continue
                seen.add(name)
                if self._applies(fragment.type_condition, runtime_type):
                    self._collect_into(fields, runtime_type, fragment.selection_set, seen)
            else:  # pragma: no cover - the grammar has no other selection
                raise NotCompilable(type(selection).__name__)

    def _applies(self, condition: Any, runtime_type: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        conditional = self.schema.get_type(condition.name.value)
        if conditional is runtime_type:
            return True
        if isinstance(conditional, GraphQLAbstractType):
            return self.schema.is_sub_type(conditional, runtime_type)
        return False

    # --- objects -----------------------------------------------------------------------------
    def object_runner(
        self, object_type: GraphQLObjectType, selection_sets: list[SelectionSetNode], path: Path
    ) -> Complete:
        if object_type.is_type_of is not None:
            raise NotCompilable("is_type_of")
        steps: list[tuple[str, Complete]] = []
        fields = self.collect(object_type, selection_sets)
        self.budget -= len(fields)
        if self.budget < 0:  # a document this wide is rare: graphql-core runs it without a plan
            raise NotCompilable("too many fields")
        for key, nodes in fields.items():
            steps.append((key, self.field_runner(object_type, key, nodes, path.add_key(key))))

        def run_object(source: Any, context: Any, variables: VariableValues) -> dict[str, Any]:
            return {key: step(source, context, variables) for key, step in steps}

        return run_object

    def field_runner(
        self, parent: GraphQLObjectType, key: str, nodes: list[FieldNode], path: Path
    ) -> Complete:
        name = nodes[0].name.value
        if name == "__typename":
            type_name = parent.name
            return lambda _source, _context, _variables: type_name
        field = parent.fields.get(name)
        if field is None:  # an introspection field (__schema, __type): graphql-core's
            raise NotCompilable(name)
        complete = self.completer(field.type, nodes, path)
        info_of = self._info_factory(parent, field, nodes, path)
        resolve = field.resolve
        arguments = self._arguments(field, nodes[0])
        if resolve is None and not field.args and self.default_resolver is default_field_resolver:
            attribute = snake_case(name)  # the default resolver, inlined

            def run_default(source: Any, context: Any, variables: VariableValues) -> Any:
                value = source.get(name) if isinstance(source, dict) else getattr(source, attribute, None)
                return complete(value, context, variables)

            return run_default
        resolver = resolve or self.default_resolver

        def run_field(source: Any, context: Any, variables: VariableValues) -> Any:
            value = resolver(source, info_of(context, variables), **arguments(variables))
            return complete(value, context, variables)

        return run_field

    def _arguments(self, field: GraphQLField, node: FieldNode) -> Callable[[VariableValues], dict[str, Any]]:
        if not field.args:
            return lambda _variables: {}
        return lambda variables: get_argument_values(field, node, variables)  # a fresh dict each call

    def _info_factory(
        self, parent: GraphQLObjectType, field: GraphQLField, nodes: list[FieldNode], path: Path
    ) -> Callable[[Any, VariableValues], GraphQLResolveInfo]:
        schema, operation, fragments = self.schema, self.operation, dict(self.fragments)
        name, return_type = nodes[0].name.value, field.type

        def info_of(context: Any, variables: VariableValues) -> GraphQLResolveInfo:
            # the path is the field's in the query (list indexes are not tracked): only errors
            # report paths, and an error sends the request to graphql-core
            return GraphQLResolveInfo(
                name, nodes, return_type, parent, path, schema, fragments, None, operation,
                variables, context, _never_awaitable, None, None,  # type: ignore[arg-type]
            )  # fmt: skip

        return info_of

    # --- completion by type ------------------------------------------------------------------
    def completer(self, return_type: GraphQLOutputType, nodes: list[FieldNode], path: Path) -> Complete:
        if isinstance(return_type, GraphQLNonNull):
            inner = self.completer(return_type.of_type, nodes, path)

            def complete_non_null(value: Any, context: Any, variables: VariableValues) -> Any:
                if value is None:
                    raise GiveUp("null for a non-null field")
                completed = inner(value, context, variables)
                if completed is None:
                    raise GiveUp("null for a non-null field")
                return completed

            return complete_non_null
        if isinstance(return_type, GraphQLList):
            item = self.completer(return_type.of_type, nodes, path)

            def complete_list(value: Any, context: Any, variables: VariableValues) -> Any:
                if value is None:
                    return None
                if isinstance(value, str | bytes | dict) or not hasattr(value, "__iter__"):
                    raise GiveUp("not a list")
                return [item(entry, context, variables) for entry in value]

            return complete_list
        if isinstance(return_type, GraphQLScalarType | GraphQLEnumType):
            serialize = return_type.serialize

            def complete_leaf(value: Any, _context: Any, _variables: VariableValues) -> Any:
                if value is None:
                    return None
                serialized = serialize(value)
                if serialized is None or serialized is Undefined:
                    raise GiveUp("not serializable")
                return serialized

            return complete_leaf
        selection_sets = [node.selection_set for node in nodes if node.selection_set is not None]
        if isinstance(return_type, GraphQLObjectType):
            run_object = self.object_runner(return_type, selection_sets, path)

            def complete_object(value: Any, context: Any, variables: VariableValues) -> Any:
                return None if value is None else run_object(value, context, variables)

            return complete_object
        if isinstance(return_type, GraphQLAbstractType):
            return self.abstract_completer(return_type, selection_sets, path)
        raise NotCompilable(str(return_type))  # pragma: no cover - no other output type

    def abstract_completer(
        self, abstract: GraphQLAbstractType, selection_sets: list[SelectionSetNode], path: Path
    ) -> Complete:
        resolve_type = abstract.resolve_type
        if resolve_type is None:
            raise NotCompilable("no resolve_type")
        members = {member.name: member for member in self.schema.get_possible_types(abstract)}
        runners: dict[str, Complete] = {}  # compiled on first sight: a union may have many members

        def complete_abstract(value: Any, context: Any, variables: VariableValues) -> Any:
            if value is None:
                return None
            runtime = resolve_type(value, None, abstract)  # type: ignore[arg-type]  # ours ignore info
            runner = runners.get(runtime) if isinstance(runtime, str) else None
            if runner is None:
                member = members.get(runtime) if isinstance(runtime, str) else None
                if member is None:
                    raise GiveUp("runtime type")
                try:
                    runner = runners[member.name] = self.object_runner(member, selection_sets, path)
                except NotCompilable as reason:
                    raise GiveUp(str(reason)) from None
            return runner(value, context, variables)

        return complete_abstract


def _never_awaitable(_: object) -> TypeGuard[Awaitable[Any]]:
    return False


__all__ = ["CompiledOperation", "GiveUp", "compile_operation"]
