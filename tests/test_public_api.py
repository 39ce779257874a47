"""Pin the public names: adding or removing one must be a deliberate change."""

from __future__ import annotations

import govgraph
import govgraph.analysis
import govgraph.io
import govgraph.store
import govgraph.validation

EXPECTED_TOP_LEVEL = {
    "ConfigurationError",
    "DataImportError",
    "EndpointError",
    "ExportError",
    "GovGraph",
    "GovGraphError",
    "InputError",
    "JavaMemoryError",
    "JavaNotFoundError",
    "ParseError",
    "QueryError",
    "QueryResult",
    "ReasonerError",
    "ReasonerTimeoutError",
    "Severity",
    "StoreError",
    "UnsafeQueryError",
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "__version__",
}


def test_top_level_names() -> None:
    assert set(govgraph.__all__) == EXPECTED_TOP_LEVEL
    for name in govgraph.__all__:
        assert hasattr(govgraph, name), name


def test_subpackage_names_resolve() -> None:
    for module in (govgraph.store, govgraph.validation, govgraph.io):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_exception_hierarchy() -> None:
    for name in govgraph.__all__:
        obj = getattr(govgraph, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, govgraph.GovGraphError), name


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    assert govgraph.__version__ == version("govgraph")


EXPECTED_ANALYSIS = {
    "NoInventory",
    "no_inventory",
    "Release",
    "releases",
    "ADOPTION_DIMENSIONS",
    "Adoption",
    "adoption",
    "CAPACITY_INDICATORS",
    "FIND_KINDS",
    "CapacityGap",
    "Found",
    "FundingShare",
    "PartnerLink",
    "capacity_gaps",
    "find",
    "funding_shares",
    "partners",
    "CHANGES",
    "CaseChange",
    "DIFF_DIMENSIONS",
    "ReleaseDiff",
    "diff",
    "DIMENSIONS",
    "GAP_KINDS",
    "EVALUATION_METHODS",
    "KINDS",
    "LEVELS",
    "METHODS",
    "NETWORK_KINDS",
    "STATUSES",
    "Evaluation",
    "Evidence",
    "LearningItem",
    "UseCase",
    "evaluate",
    "iter_synergies",
    "FilterArgs",
    "Filters",
    "Selection",
    "Broker",
    "Cluster",
    "Facts",
    "LearningPair",
    "PolicyGap",
    "SkillGap",
    "Synergy",
    "brokers",
    "clusters",
    "count_synergies",
    "governance_gaps",
    "load_query",
    "mutual_learning",
    "skill_gaps",
    "synergies",
    "to_networkx",
}


def test_analysis_names() -> None:
    assert set(govgraph.analysis.__all__) == EXPECTED_ANALYSIS
    for name in govgraph.analysis.__all__:
        assert hasattr(govgraph.analysis, name), name
    for method in (
        "synergies",
        "skill_gaps",
        "governance_gaps",
        "mutual_learning",
        "to_networkx",
        "clusters",
        "brokers",
        "diff",
        "adoption",
    ):
        assert callable(getattr(govgraph.GovGraph, method)), method


EXPECTED_REPORT = {"ReportOptions", "render_report", "write_report"}
EXPECTED_SERVER = {
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_TIMEOUT",
    "EndpointOptions",
    "create_app",
    "uvicorn_config",
    "find_catalog",
    "is_loopback",
    "serve",
}


def test_report_and_server_names() -> None:
    import govgraph.report
    import govgraph.server

    assert set(govgraph.report.__all__) == EXPECTED_REPORT
    assert set(govgraph.server.__all__) == EXPECTED_SERVER
    for module in (govgraph.report, govgraph.server):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"
    assert callable(govgraph.GovGraph.report)
    assert callable(govgraph.GovGraph.serve)


EXPECTED_EXPORT = {
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
}


def test_export_names() -> None:
    import govgraph.export

    assert set(govgraph.export.__all__) == EXPECTED_EXPORT
    for name in govgraph.export.__all__:
        assert hasattr(govgraph.export, name), f"govgraph.export.{name}"
    assert callable(govgraph.GovGraph.export_dcat_ap)
    assert callable(govgraph.GovGraph.read_dcat_ap)


EXPECTED_REASONING = {
    "DEFAULT_JAVA_MEMORY",
    "DEFAULT_TIMEOUT",
    "PROFILES",
    "Clash",
    "InferredRelation",
    "InferredType",
    "ReasoningResult",
    "find_clashes",
    "inferred_triples",
    "materialize",
    "reason",
    "reasoning_input",
}


def test_reasoning_names() -> None:
    import govgraph.reasoning

    assert set(govgraph.reasoning.__all__) == EXPECTED_REASONING
    for name in govgraph.reasoning.__all__:
        assert hasattr(govgraph.reasoning, name), f"govgraph.reasoning.{name}"
    assert callable(govgraph.GovGraph.reason)
    assert callable(govgraph.GovGraph.materialize)


EXPECTED_NAMESPACE = {
    "ACCESS_RIGHT",
    "AUTHORITY",
    "COFOG",
    "CORPORATE_BODY",
    "COUNTRY",
    "CV",
    "DATA_THEME",
    "DCAT",
    "DCTERMS",
    "ELI",
    "ESCO",
    "ESCO_OCCUPATION",
    "ESCO_SKILL",
    "FILE_TYPE",
    "FOAF",
    "FREQUENCY",
    "GG",
    "GGSH",
    "GOVGRAPH_ONTOLOGY",
    "GOVGRAPH_ONTOLOGY_VERSION",
    "LANGUAGE",
    "LICENCE",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
    "bind_prefixes",
}


def test_namespace_names() -> None:
    import govgraph.namespace

    assert set(govgraph.namespace.__all__) == EXPECTED_NAMESPACE
    for name in govgraph.namespace.__all__:
        assert hasattr(govgraph.namespace, name), f"govgraph.namespace.{name}"


EXPECTED_STORE = {
    "MAX_QUERY_NESTING",
    "MAX_QUERY_OPERATORS",
    "LoadFailure",
    "LoadReport",
    "OxigraphStore",
    "QueryResult",
    "SparqlEndpointStore",
    "Store",
    "QueryForm",
    "REWRITTEN_FUNCTION",
    "ValueRows",
    "auth_from_env",
    "check_query_safety",
    "inject_values",
    "mask_sparql",
    "paged_select",
    "prologue_end",
    "query_form",
    "rdf_format",
    "skolemize",
    "target_graph",
    "term_to_sparql",
    "wrap_inline_values",
}


def test_store_names() -> None:
    assert set(govgraph.store.__all__) == EXPECTED_STORE
    for method in ("connect", "load_report"):
        assert callable(getattr(govgraph.GovGraph, method)), method


EXPECTED_IO = {
    "import_desi",
    "Merge",
    "MAX_JSON_LD_DEPTH",
    "check_json_ld_safety",
    "RECORD_FORMATS",
    "DEFAULT_LIMITS",
    "TableLimits",
    "SPREADSHEET_KINDS",
    "ImportProblem",
    "ImportResult",
    "ParsedSource",
    "QuadStream",
    "Source",
    "guess_format",
    "import_cofog",
    "import_esco",
    "import_pstw",
    "import_ips",
    "import_aiwatch",
    "import_spreadsheet",
    "XSD_STRING",
    "ox_to_rdflib",
    "ox_triples_to_graph",
    "parse_source",
    "parse_sources",
    "format_from_suffix",
    "neutralise_cell",
    "open_atomic",
    "write_atomic",
    "write_records",
    "write_tables",
    "rdf_format",
    "rdflib_to_ox",
    "rdflib_triples_to_ox",
    "serialize_rdf",
}
EXPECTED_DEMO = {
    "ILLUSTRATIVE_FILES",
    "ILLUSTRATIVE_NOTE",
    "STEPS",
    "DemoContext",
    "DemoResult",
    "DemoStep",
    "StepResult",
    "run_demo",
}


def test_io_and_demo_names() -> None:
    import govgraph.demo

    assert set(govgraph.io.__all__) == EXPECTED_IO
    assert set(govgraph.demo.__all__) == EXPECTED_DEMO
    for name in govgraph.demo.__all__:
        assert hasattr(govgraph.demo, name), f"govgraph.demo.{name}"
    for method in ("import_pstw", "import_esco", "import_cofog", "import_spreadsheet"):
        assert callable(getattr(govgraph.GovGraph, method)), method
