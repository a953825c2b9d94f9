"""Call scripts on a live call, Qt-free: the graph (``graph``), one run through it (``run``), the
values its variables take (``context``), the scripts the store holds (``library``) and the per-call
script hung on each ``CallSession`` (``desk``). The rules of a usable graph are
``softphone.domain.scripts``; the panel is ``softphone.ui.workspace.script_panel``.
"""
