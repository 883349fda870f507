"""Question interchange: GIFT, Moodle XML and Aiken files in and out.

Every format is Moodle's, so each parser reads into one neutral shape (items.py, Moodle's
question model: a type name, text, answers with fractions), mapping.py turns those into our
bank entries and back with one table of what maps to what and what is skipped and why, and
importer.py previews and writes drafts.
"""
