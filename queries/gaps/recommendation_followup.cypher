// name: recommendation_followup
// title: Recommendations to boards, and whether a later report follows them up
// description: The auditors' recommendations are only worth something if someone
//   comes back to them. For every Recommendation ADDRESSED_TO a Board this gives the
//   year of the first report that made it and the years of later reports on the same
//   municipality that mention it again (a follow-up review, or the recommendation
//   repeated). `followed_up` is false when no later report mentions it: nobody has
//   checked whether the board acted.
// param: municipality string = null   only this municipality (all when null)
// columns: label, name, municipality, board, first_year, followed_up, followup_years, document, title, evidence_key, sentence
// gap: true
// evidence: true
MATCH (r:Recommendation)-[:ADDRESSED_TO]->(b:Board)
WHERE coalesce($municipality, r.municipality) = r.municipality
MATCH (d:Report)-[:MENTIONS]->(r)
WITH r, b, min(d.year) AS first_year
OPTIONAL MATCH (later:Report)-[:MENTIONS]->(r)
WHERE later.year > first_year AND later.municipality = r.municipality
WITH r, b, first_year, collect(DISTINCT later.year) AS followup_years
MATCH (d:Report)-[m:MENTIONS]->(r)
RETURN 'Recommendation' AS label, r.name AS name, r.municipality AS municipality,
       b.name AS board, first_year, size(followup_years) > 0 AS followed_up, followup_years,
       d.key AS document, d.title AS title, m.key AS evidence_key
ORDER BY municipality, name, board, document
