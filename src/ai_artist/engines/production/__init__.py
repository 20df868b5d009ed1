"""Production: mixing stems and vocal (``mix``), tape humanization, mastering (``master``).

Import from the modules: ``loudness`` (meters), ``mix`` (mix, humanize), ``master`` (master).
"""
