"""Variation generator: seeded Keputusan Camat IKU/IKI decrees in many layouts, each with its gold JSON."""
