"""Use cases. Each public function owns its transaction: it commits once, below it only flush()."""
