"""Excel for the monthly figures: the template a zone downloads, and the upload it sends back.

`reader` opens an untrusted file safely; `rows` parses and locates problems; `upload` previews
and confirms; `template` writes the workbook. Layout constants live in `columns`.
"""
