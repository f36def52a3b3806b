// name: board_responsibilities
// title: Everything one board owns or answers for
// description: A board's whole remit as the reports describe it: the goals and
//   policies it OWNS, what it is RESPONSIBLE_FOR, the units and committees directly
//   PART_OF it, the recommendations ADDRESSED_TO it and the auditors' verdicts
//   (ASSESSED, with the report's year). The board's name is matched case-insensitively.
// param: board string   the board's name, e.g. "Kommunstyrelsen"
// param: municipality string   the municipality it belongs to, e.g. "Ljusdals kommun"
// columns: relation, label, name, verdict, year, edge_key
MATCH (b:Board)-[e:OWNS]->(x)
WHERE toLower(b.name) = toLower($board) AND b.municipality = $municipality
RETURN 'OWNS' AS relation,
       CASE WHEN x.key STARTS WITH 'Goal:' THEN 'Goal' ELSE 'Policy' END AS label,
       x.name AS name, e.verdict AS verdict, CASE WHEN 1 = 0 THEN 0 END AS year, e.key AS edge_key
UNION ALL
MATCH (b:Board)-[e:RESPONSIBLE_FOR]->(x)
WHERE toLower(b.name) = toLower($board) AND b.municipality = $municipality
RETURN 'RESPONSIBLE_FOR' AS relation,
       CASE WHEN x.key STARTS WITH 'Task:' THEN 'Task'
            WHEN x.key STARTS WITH 'Agreement:' THEN 'Agreement'
            WHEN x.key STARTS WITH 'Goal:' THEN 'Goal' ELSE 'Policy' END AS label,
       x.name AS name, e.verdict AS verdict, CASE WHEN 1 = 0 THEN 0 END AS year, e.key AS edge_key
UNION ALL
MATCH (x)-[e:PART_OF]->(b:Board)
WHERE toLower(b.name) = toLower($board) AND b.municipality = $municipality
RETURN 'PART_OF' AS relation,
       CASE WHEN x.key STARTS WITH 'Unit:' THEN 'Unit' ELSE 'Board' END AS label,
       x.name AS name, e.verdict AS verdict, CASE WHEN 1 = 0 THEN 0 END AS year, e.key AS edge_key
UNION ALL
MATCH (x:Recommendation)-[e:ADDRESSED_TO]->(b:Board)
WHERE toLower(b.name) = toLower($board) AND b.municipality = $municipality
RETURN 'ADDRESSED_TO' AS relation, 'Recommendation' AS label, x.name AS name,
       e.verdict AS verdict, CASE WHEN 1 = 0 THEN 0 END AS year, e.key AS edge_key
UNION ALL
MATCH (d:Report)-[e:ASSESSED]->(b:Board)
WHERE toLower(b.name) = toLower($board) AND b.municipality = $municipality
RETURN 'ASSESSED' AS relation, 'Report' AS label, d.title AS name,
       e.verdict AS verdict, d.year AS year, e.key AS edge_key
