"""The backend: what each mutation does to the world (moto's responses/models split).

Resolvers parse a mutation's arguments and shape its answer; the functions here take the request
context (world, actor, clock reading, settings) and those values, apply the rules, write through
the store, and return entities or raise a typed :class:`mockserver.errors.MutationRejected`.
"""
