// name: agreements_without_responsible
// title: Agreements no board or unit answers for
// description: An Agreement (avtal, överenskommelse) binds the municipality, but if no
//   Board or Unit is RESPONSIBLE_FOR it nobody follows it up or renegotiates it: the
//   auditors' usual finding about local agreements with the state. `parties` lists who
//   signed it.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, parties, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (a:Agreement)
WHERE coalesce($municipality, a.municipality) = a.municipality
  AND NOT EXISTS { MATCH (:Board)-[:RESPONSIBLE_FOR]->(a) }
  AND NOT EXISTS { MATCH (:Unit)-[:RESPONSIBLE_FOR]->(a) }
OPTIONAL MATCH (p)-[:PARTY_TO]->(a)
WITH a, collect(DISTINCT p.name) AS parties
MATCH (d:Report)-[m:MENTIONS]->(a)
RETURN 'Agreement' AS label, a.name AS name, a.municipality AS municipality, parties,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, document
