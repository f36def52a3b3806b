// name: compare_municipalities
// title: Two municipalities side by side on the same kind of task
// description: How two municipalities organise the same work: for each task whose name
//   contains the words given (case-insensitive), in either municipality, who is
//   RESPONSIBLE_FOR it there (an empty `responsible` means nobody is named).
// param: task string   part of the task's name, e.g. "SFI" or "mottagande"
// param: municipality_a string   the first municipality, e.g. "Ljusdals kommun"
// param: municipality_b string   the second municipality, e.g. "Orsa kommun"
// columns: task, municipality, responsible_label, responsible, edge_key
MATCH (t:Task)
WHERE toLower(t.name) CONTAINS toLower($task)
  AND t.municipality IN [$municipality_a, $municipality_b]
OPTIONAL MATCH (o)-[e:RESPONSIBLE_FOR]->(t)
RETURN t.name AS task, t.municipality AS municipality,
       CASE WHEN o IS NULL THEN NULL
            WHEN o.key STARTS WITH 'Municipality:' THEN 'Municipality'
            WHEN o.key STARTS WITH 'Board:' THEN 'Board'
            WHEN o.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN o.key STARTS WITH 'Forum:' THEN 'Forum'
            ELSE 'ExternalActor' END AS responsible_label,
       o.name AS responsible, e.key AS edge_key
ORDER BY task, municipality, responsible
