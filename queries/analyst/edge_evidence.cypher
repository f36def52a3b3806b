// name: edge_evidence
// title: The documents and sentences behind one edge
// description: Every relationship carries its provenance: this lists, for one edge key
//   (from any other query's `edge_key` or the export), each report that states it,
//   with the sentence, its character span and page, the extraction rule and its
//   confidence, so an analyst can check the claim against the source. (The records are
//   found by a scan of one column and then read by primary key: on LadybugDB reading
//   the sentence column in the scan itself costs three times as much.)
// param: edge_key string   the edge's key, e.g. from `who_is_responsible`
// columns: relation, document, file_name, title, year, sentence, char_start, char_end, page, rule, confidence
MATCH (x:Evidence)
WHERE x.edge_key = $edge_key
WITH collect(x.key) AS keys
UNWIND keys AS k
MATCH (v:Evidence {key: k})
MATCH (d:Report)
WHERE d.key = v.doc
RETURN v.rel_type AS relation, d.key AS document, d.file_name AS file_name,
       d.title AS title, d.year AS year, v.sentence AS sentence,
       v.char_start AS char_start, v.char_end AS char_end, v.page AS page,
       v.rule AS rule, v.confidence AS confidence
ORDER BY year, file_name, char_start
