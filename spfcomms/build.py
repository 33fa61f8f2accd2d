"""Deprecated alias of the former module ``spfcomms.build``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    {
        "RENDERERS": "spfcomms.render.site",
        "render_site": "spfcomms.render.site",
        "Workspace": "spfcomms.model.content",
        "collect_workspace": "spfcomms.workspace.collect",
        "load_workspace": "spfcomms.workspace.collect",
        "BuildResult": "spfcomms.commands.build",
        "check_output_dir": "spfcomms.commands.build",
        "build": "spfcomms.commands.build",
    },
)
