"""Admin text widgets that drop invisible characters as the value is read from the form.

Bidi overrides and zero-width characters can hide a reversed URL or split a word; the
models strip them on save, but a slug field validates before that and would refuse them
with a puzzling error. Reading them out at the widget lets validation see clean text.
"""

from django import forms

from .text.normalize import strip_invisible


class _StripInvisible:
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return strip_invisible(value) if isinstance(value, str) else value


class CleanTextInput(_StripInvisible, forms.TextInput):
    pass


class CleanTextarea(_StripInvisible, forms.Textarea):
    pass


class CleanURLInput(_StripInvisible, forms.URLInput):
    pass
