"""Production: the mix, tape humanization, mastering and the chorus window.

Import from the modules: ``loudness`` (meters), ``vocal`` (vocal chain, de-esser, backing
placement), ``mix`` (mix), ``tape`` (humanize, wow and flutter), ``master`` (master),
``highlight`` (where the chorus is, for the preview and the short).
"""
