// name: external_partners
// title: External actors a municipality works with
// description: The state agencies, regions, companies and associations a municipality
//   deals with, and how: a collaboration (COLLABORATES_WITH one of its organisations),
//   an agreement both are party to, a forum both sit in, or a task of the municipality
//   the actor is responsible for. `via` names the municipal organisation, agreement,
//   forum or task.
// param: municipality string   the municipality, e.g. "Ljusdals kommun"
// columns: actor, relation, via, edge_key
MATCH (o)-[e:COLLABORATES_WITH]-(x:ExternalActor)
WHERE o.municipality = $municipality
RETURN x.name AS actor, 'COLLABORATES_WITH' AS relation, o.name AS via, e.key AS edge_key
UNION ALL
MATCH (x:ExternalActor)-[e:PARTY_TO]->(a:Agreement)
WHERE a.municipality = $municipality
RETURN x.name AS actor, 'PARTY_TO' AS relation, a.name AS via, e.key AS edge_key
UNION ALL
MATCH (x:ExternalActor)-[e:MEMBER_OF]->(f:Forum)
WHERE f.municipality = $municipality
RETURN x.name AS actor, 'MEMBER_OF' AS relation, f.name AS via, e.key AS edge_key
UNION ALL
MATCH (x:ExternalActor)-[e:RESPONSIBLE_FOR]->(t:Task)
WHERE t.municipality = $municipality
RETURN x.name AS actor, 'RESPONSIBLE_FOR' AS relation, t.name AS via, e.key AS edge_key
