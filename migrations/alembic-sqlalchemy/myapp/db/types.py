"""Column types of the application, as projects write them: `TypeDecorator`s whose DDL type is
their `impl` or what `load_dialect_impl` returns for the dialect. Strata reads this module (never
runs it) for the types the revisions use."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import CHAR, TypeDecorator, TypeEngine


class GUID(TypeDecorator[uuid.UUID]):
    """PostgreSQL's uuid, else 32 hex digits."""

    impl = CHAR(32)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID())
        else:
            return dialect.type_descriptor(CHAR(32))


class Timestamp(TypeDecorator[datetime.datetime]):
    """Always with a time zone where the database has one."""

    impl: TypeEngine[Any] | type[TypeEngine[Any]] = sa.TIMESTAMP(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: sa.Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        elif dialect.name == "sqlite":
            return dialect.type_descriptor(sqlite.DATETIME())
        else:
            return dialect.type_descriptor(sa.DATETIME())


class Document(TypeDecorator[Any]):
    """JSONB on PostgreSQL, text elsewhere."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB(none_as_null=True))
        return self.impl_instance


class Payload(TypeDecorator[Any]):
    """A document validated by a model class; the arguments are the model's, not the type's."""

    impl = Document
    cache_ok = True

    def __init__(self, model: Any) -> None:
        super().__init__()
        self.model = model


class Name(TypeDecorator[str]):
    """A string; `Name(40)` is `VARCHAR(40)`, the arguments going to `impl`."""

    impl = sa.String
    cache_ok = True


class Slug(Name):
    """Inherits `Name`'s `impl`."""

    cache_ok = True
