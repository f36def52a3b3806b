// name: tasks_without_responsible
// title: Tasks nobody is responsible for
// description: A Task (an area of responsibility or a duty a report names) that no
//   organisation of any kind is RESPONSIBLE_FOR falls between chairs: the reports say
//   the work exists but not who does it, as with support "under glappet" between
//   programmes.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (t:Task)
WHERE coalesce($municipality, t.municipality) = t.municipality
  AND NOT EXISTS { MATCH ()-[:RESPONSIBLE_FOR]->(t) }
MATCH (d:Report)-[m:MENTIONS]->(t)
RETURN 'Task' AS label, t.name AS name, t.municipality AS municipality,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, document
