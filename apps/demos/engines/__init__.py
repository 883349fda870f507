"""Demo engines: plain Python over torch / scikit-learn. No Django imports here."""
