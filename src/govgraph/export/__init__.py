"""DCAT-AP export for EU open-data portals: catalogue, validation, quality score, read-back."""

from .._public import publish as _publish
from ._config import CatalogConfig, load_catalog_config
from ._dcat import export_dcat_ap
from ._metadata import DEFAULT_LICENCE
from ._model import (
    AgentMetadata,
    CatalogMetadata,
    ContactMetadata,
    DataServiceMetadata,
    DatasetMetadata,
    DistributionMetadata,
    ExportedFile,
    ExportResult,
)
from ._quality import MAX_OFFLINE, MAX_POINTS, CheckResult, DatasetQuality, QualityReport, quality
from ._read import read_dcat_ap
from ._render import render_catalog
from ._validate import SHAPES_FILES, DcatValidation, ShapesReport, validate_dcat

__all__ = [
    "DEFAULT_LICENCE",
    "MAX_OFFLINE",
    "MAX_POINTS",
    "SHAPES_FILES",
    "AgentMetadata",
    "CatalogConfig",
    "CatalogMetadata",
    "CheckResult",
    "ContactMetadata",
    "DataServiceMetadata",
    "DatasetMetadata",
    "DatasetQuality",
    "DcatValidation",
    "DistributionMetadata",
    "ExportResult",
    "ExportedFile",
    "QualityReport",
    "ShapesReport",
    "export_dcat_ap",
    "load_catalog_config",
    "quality",
    "read_dcat_ap",
    "render_catalog",
    "validate_dcat",
]

_publish(globals())
