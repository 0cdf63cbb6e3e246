"""Alembic environment: the target database is the DATABASE_URL environment variable.

There is no MetaData here: every revision is written by hand, so autogenerate is not used.
"""

import importlib.util
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config

if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        raise SystemExit(
            "DATABASE_URL is not set: export DATABASE_URL=postgresql://user@host/db "
            "(or mysql+pymysql://... or sqlite:///file.db)"
        )
    return with_installed_driver(url)


def with_installed_driver(url: str) -> str:
    """A URL without a driver (`postgresql://`, `mysql://`) names SQLAlchemy's default one
    (psycopg 3 since SQLAlchemy 2.1, mysqlclient); use the one the setup installs when the
    default is missing (psycopg2-binary, pymysql)."""
    scheme, sep, rest = url.partition("://")
    fallbacks = {
        "postgres": ("psycopg", "postgresql+psycopg2"),
        "postgresql": ("psycopg", "postgresql+psycopg2"),
        "mysql": ("MySQLdb", "mysql+pymysql"),
        "mariadb": ("MySQLdb", "mariadb+pymysql"),
    }
    if sep and scheme in fallbacks:
        default_module, fallback = fallbacks[scheme]
        if scheme == "postgres" or importlib.util.find_spec(default_module) is None:
            return f"{fallback}://{rest}"
    return url


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (`alembic upgrade head --sql`)."""
    context.configure(
        url=database_url(),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
