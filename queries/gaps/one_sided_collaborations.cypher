// name: one_sided_collaborations
// title: Collaborations stated by one side only
// description: A says it works with B, in another municipality, but none of B's own
//   reports ever mentions A: the collaboration may exist on paper only, or B does not
//   regard itself as bound by it. Only partners whose municipality has reports in the
//   graph are checked (national actors have none). The row is A, with B as `partner`
//   and the sentence that states the collaboration.
// param: municipality string = null   only A in this municipality (all when null)
// columns: label, name, municipality, partner, partner_municipality, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (r:Report)
WITH collect(DISTINCT r.municipality) AS covered
MATCH (a)-[c:COLLABORATES_WITH]-(b)
WHERE coalesce($municipality, a.municipality) = a.municipality
  AND b.municipality IN covered AND b.municipality <> '' AND a.municipality <> b.municipality
  AND NOT EXISTS { MATCH (r:Report)-[:MENTIONS]->(a) WHERE r.municipality = b.municipality }
MATCH (d:Report)-[:MENTIONS]->(a)
MATCH (d)-[:MENTIONS]->(b)
RETURN CASE WHEN a.key STARTS WITH 'Municipality:' THEN 'Municipality'
            WHEN a.key STARTS WITH 'Board:' THEN 'Board'
            WHEN a.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN a.key STARTS WITH 'Forum:' THEN 'Forum'
            ELSE 'ExternalActor' END AS label,
       a.name AS name, a.municipality AS municipality,
       b.name AS partner, b.municipality AS partner_municipality,
       d.key AS document, d.title AS title, c.key AS evidence_key
ORDER BY municipality, name, partner, document
