// name: agreements_with_one_party
// title: Agreements with fewer than two parties
// description: An agreement needs at least two parties. One with a single known party
//   (or none) names no counterpart in any report: either the reports never say who the
//   municipality agreed with, or the document is a one-sided declaration called an
//   agreement. `parties` lists the parties found.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, parties, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (a:Agreement)
WHERE coalesce($municipality, a.municipality) = a.municipality
  AND COUNT { MATCH (p)-[:PARTY_TO]->(a) } < 2
OPTIONAL MATCH (p)-[:PARTY_TO]->(a)
WITH a, collect(DISTINCT p.name) AS parties
MATCH (d:Report)-[m:MENTIONS]->(a)
RETURN 'Agreement' AS label, a.name AS name, a.municipality AS municipality, parties,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, document
