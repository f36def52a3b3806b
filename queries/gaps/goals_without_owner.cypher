// name: goals_without_owner
// title: Goals no board owns
// description: A Goal that no Board OWNS has nobody politically accountable for setting
//   it and following it up: the first gap SCHEMA.md names. A unit or a board that only
//   answers for it (RESPONSIBLE_FOR) is listed under `responsible`, since carrying out a
//   goal is not owning it. Each row is one sentence that put the goal in the graph.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, responsible, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (g:Goal)
WHERE coalesce($municipality, g.municipality) = g.municipality
  AND NOT EXISTS { MATCH (:Board)-[:OWNS]->(g) }
OPTIONAL MATCH (o)-[:RESPONSIBLE_FOR]->(g)
WITH g, collect(DISTINCT o.name) AS responsible
MATCH (d:Report)-[m:MENTIONS]->(g)
RETURN 'Goal' AS label, g.name AS name, g.municipality AS municipality, responsible,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, document
