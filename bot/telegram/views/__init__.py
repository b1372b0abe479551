"""Everything a person reads, rendered from the catalogues: notices, lists, figures."""
