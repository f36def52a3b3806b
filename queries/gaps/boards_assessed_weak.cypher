// name: boards_assessed_weak
// title: Boards the auditors assessed partly or not adequate
// description: An ASSESSED verdict of `partly` or `no` is the auditors' formal finding
//   that a board does not (fully) ensure what it is responsible for. One row per board
//   and report, with the verdict sentence and the recommendations the same report
//   addressed to that board.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, verdict, year, recommendations, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (d:Report)-[a:ASSESSED]->(b:Board)
WHERE a.verdict IN ['partly', 'no']
  AND coalesce($municipality, b.municipality) = b.municipality
OPTIONAL MATCH (d)-[:MENTIONS]->(r:Recommendation)-[:ADDRESSED_TO]->(b)
WITH d, a, b, collect(DISTINCT r.name) AS recommendations
RETURN 'Board' AS label, b.name AS name, b.municipality AS municipality,
       a.verdict AS verdict, d.year AS year, recommendations,
       d.key AS document, d.title AS title, a.key AS evidence_key
ORDER BY municipality, name, year, document
