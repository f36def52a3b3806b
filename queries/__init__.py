"""Named Cypher queries: one `.cypher` file each, with a header that documents it."""
