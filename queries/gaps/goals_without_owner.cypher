// name: goals_without_owner
// title: Goals no board owns
// description: A Goal with no OWNS edge from any Board has nobody politically
//   accountable for following it up: the first gap SCHEMA.md names. Each row carries
//   the report and sentence that put the goal in the graph.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, document, title, sentence
// gap: true
MATCH (g:Goal)
WHERE ($municipality IS NULL OR g.municipality = $municipality)
  AND NOT EXISTS { MATCH (:Board)-[:OWNS]->(g) }
MATCH (d:Report)-[m:MENTIONS]->(g)
OPTIONAL MATCH (v:Evidence {edge_key: m.key})
RETURN 'Goal' AS label, g.name AS name, g.municipality AS municipality,
       d.key AS document, d.title AS title, v.sentence AS sentence
ORDER BY municipality, name, document, sentence
