// name: units_without_board
// title: Units under no board
// description: A Unit (förvaltning, enhet, team) that is PART_OF no Board, directly or
//   through up to three other units, has no political principal: nobody is accountable
//   for what it does. The chain is followed at most four PART_OF steps up. `parent` is
//   the unit it hangs under, when there is one. (The chains are spelled out one length
//   at a time rather than as `-[:PART_OF*1..4]->(:Board)`: the same rows, since a path
//   that meets a board earlier has a shorter twin, but 40x faster on LadybugDB over the
//   whole graph, whose variable-length anti-join is slow.)
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, parent, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (u:Unit)
WHERE coalesce($municipality, u.municipality) = u.municipality
  AND NOT EXISTS { MATCH (u)-[:PART_OF]->(:Board) }
  AND NOT EXISTS { MATCH (u)-[:PART_OF]->(:Unit)-[:PART_OF]->(:Board) }
  AND NOT EXISTS { MATCH (u)-[:PART_OF]->(:Unit)-[:PART_OF]->(:Unit)-[:PART_OF]->(:Board) }
  AND NOT EXISTS { MATCH (u)-[:PART_OF]->(:Unit)-[:PART_OF]->(:Unit)-[:PART_OF]->(:Unit)
                   -[:PART_OF]->(:Board) }
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
WITH u, collect(DISTINCT parent.name) AS parent
MATCH (d:Report)-[m:MENTIONS]->(u)
RETURN 'Unit' AS label, u.name AS name, u.municipality AS municipality, parent,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, document
