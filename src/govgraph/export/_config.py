"""The ``--catalog FILE.toml`` configuration of a DCAT-AP export (schema in docs/export.md)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .._exceptions import ConfigurationError

__all__ = ["CatalogConfig", "load_catalog_config"]

_SECTIONS: dict[str, dict[str, str]] = {
    # section -> key -> CatalogConfig field
    "catalog": {
        "base_url": "base_url",
        "title": "title",
        "description": "description",
        "homepage": "homepage",
        "languages": "languages",
        "licence": "licence",
        "rights": "rights",
        "issued": "issued",
        "modified": "modified",
    },
    "publisher": {"iri": "publisher", "name": "publisher_name", "type": "publisher_type"},
    "contact": {"email": "contact_email", "name": "contact_name", "url": "contact_url"},
    "dataset": {
        "title": "dataset_title",
        "description": "dataset_description",
        "keywords": "keywords",
        "themes": "themes",
        "spatial": "spatial",
        "temporal_start": "temporal_start",
        "temporal_end": "temporal_end",
        "version": "version",
        "frequency": "frequency",
        "access_rights": "access_rights",
    },
    "service": {"sparql_endpoint": "sparql_endpoint", "title": "service_title"},
}
_LISTS = {"languages", "keywords", "themes", "spatial"}
_DATES = {"issued", "modified"}
_INTS = {"temporal_start", "temporal_end"}


@dataclass(frozen=True)
class CatalogConfig:
    """Options of a DCAT-AP export, usually read from a TOML file.

    Every field is optional here; arguments of :func:`export_dcat_ap` override them. See
    ``docs/export.md`` for the file layout (sections ``[catalog]``, ``[publisher]``,
    ``[contact]``, ``[dataset]``, ``[service]``) and ``examples/catalog.toml``.
    """

    base_url: str | None = None
    title: str | None = None
    description: str | None = None
    homepage: str | None = None
    languages: tuple[str, ...] = ()
    licence: str | None = None
    rights: str | None = None
    issued: dt.date | None = None
    modified: dt.date | None = None
    publisher: str | None = None
    publisher_name: str | None = None
    publisher_type: str | None = None
    contact_email: str | None = None
    contact_name: str | None = None
    contact_url: str | None = None
    dataset_title: str | None = None
    dataset_description: str | None = None
    keywords: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    spatial: tuple[str, ...] = ()
    temporal_start: int | None = None
    temporal_end: int | None = None
    version: str | None = None
    frequency: str | None = None
    access_rights: str | None = None
    sparql_endpoint: str | None = None
    service_title: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "<mapping>") -> CatalogConfig:
        """Build a config from the parsed TOML structure, rejecting unknown keys.

        Args:
            data: Section name -> table of keys, as ``tomllib`` parses the file.
            source: Where the data comes from, named in error messages.

        Returns:
            The config; dates given as text become :class:`datetime.date`, a single string
            where a list is expected a one-element tuple.

        Examples:
            >>> from govgraph.export import CatalogConfig
            >>> config = CatalogConfig.from_mapping({
            ...     "catalog": {"base_url": "https://data.example.org/", "issued": "2026-01-31"},
            ...     "dataset": {"keywords": "budget"},
            ... })
            >>> config.base_url, config.issued, config.keywords
            ('https://data.example.org/', datetime.date(2026, 1, 31), ('budget',))
            >>> CatalogConfig.from_mapping({"catalog": {"titel": "x"}}, source="catalog.toml")
            Traceback (most recent call last):
            ...
            govgraph.ConfigurationError: catalog.toml: unknown key 'titel' in [catalog]; ...

        Raises:
            ConfigurationError: For unknown sections or keys and values of the wrong type.
        """
        values: dict[str, Any] = {}
        for section, content in data.items():
            if section not in _SECTIONS:
                raise ConfigurationError(
                    f"{source}: unknown section [{section}]; known sections: "
                    + ", ".join(f"[{s}]" for s in _SECTIONS)
                )
            if not isinstance(content, Mapping):
                raise ConfigurationError(f"{source}: [{section}] must be a table")
            for key, value in content.items():
                name = _SECTIONS[section].get(key)
                if name is None:
                    raise ConfigurationError(
                        f"{source}: unknown key {key!r} in [{section}]; known keys: "
                        + ", ".join(_SECTIONS[section])
                    )
                values[name] = _convert(name, value, f"{source}: [{section}] {key}")
        return cls(**values)


def _convert(name: str, value: Any, where: str) -> Any:
    if name in _LISTS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigurationError(f"{where} must be a list of strings")
        return tuple(value)
    if name in _DATES:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ConfigurationError(f"{where} must be a date like 2026-01-31")
    if name in _INTS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigurationError(f"{where} must be a year like 2020")
        return value
    if not isinstance(value, str):
        raise ConfigurationError(f"{where} must be a string")
    return value


def load_catalog_config(path: str | Path) -> CatalogConfig:
    r"""Read a catalogue configuration TOML file.

    The sections and keys are listed in ``docs/export.md`` (an example is
    ``examples/catalog.toml``); :func:`export_dcat_ap` takes the path as ``catalog_config``.

    Args:
        path: The TOML file.

    Returns:
        The configuration (see :meth:`CatalogConfig.from_mapping`).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph.export import load_catalog_config
        >>> path = Path(tempfile.mkdtemp()) / "catalog.toml"
        >>> _ = path.write_text(
        ...     '[catalog]\ntitle = "Open data of City Z"\n'
        ...     '[publisher]\nname = "City Z"\n'
        ...     '[contact]\nemail = "opendata@example.org"\n',
        ...     encoding="utf-8",
        ... )
        >>> config = load_catalog_config(path)
        >>> config.title, config.publisher_name, config.contact_email
        ('Open data of City Z', 'City Z', 'opendata@example.org')

    Raises:
        ConfigurationError: If the file is missing, is not valid TOML, or has unknown keys.
    """
    file = Path(path)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigurationError(f"{file}: catalogue configuration file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{file}: not valid TOML: {exc}") from exc
    return CatalogConfig.from_mapping(data, source=str(file))


def config_fields() -> list[str]:
    """Return the field names of :class:`CatalogConfig` (for documentation tests)."""
    return [f.name for f in fields(CatalogConfig)]
