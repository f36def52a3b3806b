// name: who_is_responsible
// title: Who is responsible for X
// description: The question analysts ask first: for every task, goal, policy or
//   agreement whose name contains the words given (case-insensitive), the organisations
//   that are RESPONSIBLE_FOR it or (goals and policies) OWN it, with the edge key to
//   look up the sentences behind each answer (`edge_evidence`). Things nobody answers
//   for are listed by the gap queries instead.
// param: name string   part of the name to look for, e.g. "SFI" or "mottagande"
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, relation, responsible_label, responsible, edge_key
MATCH (x:Task)<-[e:RESPONSIBLE_FOR]-(o)
WHERE toLower(x.name) CONTAINS toLower($name)
  AND coalesce($municipality, x.municipality) = x.municipality
RETURN 'Task' AS label, x.name AS name, x.municipality AS municipality,
       'RESPONSIBLE_FOR' AS relation,
       CASE WHEN o.key STARTS WITH 'Municipality:' THEN 'Municipality'
            WHEN o.key STARTS WITH 'Board:' THEN 'Board'
            WHEN o.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN o.key STARTS WITH 'Forum:' THEN 'Forum'
            ELSE 'ExternalActor' END AS responsible_label,
       o.name AS responsible, e.key AS edge_key
UNION ALL
MATCH (x:Agreement)<-[e:RESPONSIBLE_FOR]-(o)
WHERE toLower(x.name) CONTAINS toLower($name)
  AND coalesce($municipality, x.municipality) = x.municipality
RETURN 'Agreement' AS label, x.name AS name, x.municipality AS municipality,
       'RESPONSIBLE_FOR' AS relation,
       CASE WHEN o.key STARTS WITH 'Municipality:' THEN 'Municipality'
            WHEN o.key STARTS WITH 'Board:' THEN 'Board'
            WHEN o.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN o.key STARTS WITH 'Forum:' THEN 'Forum'
            ELSE 'ExternalActor' END AS responsible_label,
       o.name AS responsible, e.key AS edge_key
UNION ALL
MATCH (x:Goal)<-[e:RESPONSIBLE_FOR]-(o)
WHERE toLower(x.name) CONTAINS toLower($name)
  AND coalesce($municipality, x.municipality) = x.municipality
RETURN 'Goal' AS label, x.name AS name, x.municipality AS municipality,
       'RESPONSIBLE_FOR' AS relation,
       CASE WHEN o.key STARTS WITH 'Municipality:' THEN 'Municipality'
            WHEN o.key STARTS WITH 'Board:' THEN 'Board'
            WHEN o.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN o.key STARTS WITH 'Forum:' THEN 'Forum'
            ELSE 'ExternalActor' END AS responsible_label,
       o.name AS responsible, e.key AS edge_key
UNION ALL
MATCH (x:Policy)<-[e:RESPONSIBLE_FOR]-(o)
WHERE toLower(x.name) CONTAINS toLower($name)
  AND coalesce($municipality, x.municipality) = x.municipality
RETURN 'Policy' AS label, x.name AS name, x.municipality AS municipality,
       'RESPONSIBLE_FOR' AS relation,
       CASE WHEN o.key STARTS WITH 'Municipality:' THEN 'Municipality'
            WHEN o.key STARTS WITH 'Board:' THEN 'Board'
            WHEN o.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN o.key STARTS WITH 'Forum:' THEN 'Forum'
            ELSE 'ExternalActor' END AS responsible_label,
       o.name AS responsible, e.key AS edge_key
UNION ALL
MATCH (x:Goal)<-[e:OWNS]-(o:Board)
WHERE toLower(x.name) CONTAINS toLower($name)
  AND coalesce($municipality, x.municipality) = x.municipality
RETURN 'Goal' AS label, x.name AS name, x.municipality AS municipality,
       'OWNS' AS relation, 'Board' AS responsible_label, o.name AS responsible,
       e.key AS edge_key
UNION ALL
MATCH (x:Policy)<-[e:OWNS]-(o:Board)
WHERE toLower(x.name) CONTAINS toLower($name)
  AND coalesce($municipality, x.municipality) = x.municipality
RETURN 'Policy' AS label, x.name AS name, x.municipality AS municipality,
       'OWNS' AS relation, 'Board' AS responsible_label, o.name AS responsible,
       e.key AS edge_key
