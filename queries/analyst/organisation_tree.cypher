// name: organisation_tree
// title: The organisation tree of a municipality
// description: Every PART_OF edge among a municipality's boards and units: which unit
//   sits under which unit or board, which committee under which board, and which board
//   under the municipality. Read as child -> parent; units missing from it hang under
//   nothing (see `units_without_board`).
// param: municipality string   the municipality, e.g. "Orsa kommun"
// columns: child_label, child, parent_label, parent, edge_key
MATCH (c)-[e:PART_OF]->(p)
WHERE c.municipality = $municipality
RETURN CASE WHEN c.key STARTS WITH 'Unit:' THEN 'Unit' ELSE 'Board' END AS child_label,
       c.name AS child,
       CASE WHEN p.key STARTS WITH 'Unit:' THEN 'Unit'
            WHEN p.key STARTS WITH 'Board:' THEN 'Board' ELSE 'Municipality' END AS parent_label,
       p.name AS parent, e.key AS edge_key
ORDER BY parent_label, parent, child_label, child
