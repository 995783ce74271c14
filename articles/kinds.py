"""The stored kinds of related links and quotes, as plain strings: the importer (which has
no Django) and the models' TextChoices (which add the Arabic labels) both take them from here."""

# RelatedLink.kind
READ_ALSO = "read_also"  # «اقرأ أيضاً» box of the source page
SIMILAR = "similar"  # «مقالات مشابهة» box of the source page
INLINE = "inline"  # a headline standing in the body text
MANUAL = "manual"  # added by an editor

# Quote.kind
QUOTE_INLINE = "inline"  # words quoted inside a paragraph
QUOTE_BLOCK = "block"  # a paragraph that is all quote
