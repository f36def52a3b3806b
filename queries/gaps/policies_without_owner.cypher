// name: policies_without_owner
// title: Policies that demand goals, owned by no board
// description: A Policy (strategy, action plan) from which goals are derived sets
//   demands on the organisation; if no Board OWNS it, nobody has adopted it or answers
//   for its goals. Policies no goal derives from (a law, a vision quoted in passing) are
//   left out. `goals` lists the goals derived from it.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, goals, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (p:Policy)
WHERE coalesce($municipality, p.municipality) = p.municipality
  AND NOT EXISTS { MATCH (:Board)-[:OWNS]->(p) }
MATCH (g:Goal)-[:DERIVED_FROM]->(p)
WITH p, collect(DISTINCT g.name) AS goals
MATCH (d:Report)-[m:MENTIONS]->(p)
RETURN 'Policy' AS label, p.name AS name, p.municipality AS municipality, goals,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, document
