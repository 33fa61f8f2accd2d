"""Deprecated alias of the former module ``spfcomms.exceptions``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    {
        "SourceLocation": "spfcomms.model.problems",
        "Severity": "spfcomms.model.problems",
        "Problem": "spfcomms.model.problems",
        "error": "spfcomms.model.problems",
        "warning": "spfcomms.model.problems",
        "sort_problems": "spfcomms.model.problems",
        "SpfcommsError": "spfcomms.model.exceptions",
        "ConfigError": "spfcomms.model.exceptions",
        "ContentError": "spfcomms.model.exceptions",
        "RenderError": "spfcomms.model.exceptions",
        "TemplateError": "spfcomms.model.exceptions",
        "MJMLError": "spfcomms.model.exceptions",
        "FeedError": "spfcomms.model.exceptions",
        "WriteError": "spfcomms.model.exceptions",
        "ImportSourceError": "spfcomms.model.exceptions",
        "MetricsError": "spfcomms.model.exceptions",
        "DeliveryError": "spfcomms.model.exceptions",
        "ServeError": "spfcomms.model.exceptions",
    },
)
