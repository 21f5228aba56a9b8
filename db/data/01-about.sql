-- What the dataset is, how it is named when cited, and under which
-- licence each of its parts is: read by db/package.sql (the data package),
-- the index (/api/v1) and the citations (/api/v1/citation). Not facts of
-- the article.
INSERT INTO about (key, value) VALUES
  ('name', 'aid-api-shanghai-yunnan'),
  ('title', 'Shanghai''s partner aid to Yunnan: every fact of the article, as data'),
  ('author', 'aid-api contributors'),
  ('description', 'Every fact of the article "Shanghai''s partner aid to Yunnan" (GPIG, 2 February 2018) as structured data: the places, organisations and groups it names, who was paired with whom, every amount of money, and its timeline, each fact with the verbatim quote of the article that states it. Dates, bounds and recipients the article implies are marked inferred; the Chinese names of places and ethnic groups are not from the article and say where they come from.');

-- Three parts, three rights. The data is CC BY 4.0 rather than CC0:
-- attribution keeps every reuse pointing back to this dataset, and through
-- it to the article each fact comes from, which is what makes a fact
-- checkable; the modelling (ids, dates, amounts in yuan, containment,
-- Chinese names) is the project's own work, free to reuse with credit.
-- The article's text, and the quotes of it inside the data, are not the
-- project's to license.
INSERT INTO licences (part, position, spdx, name, url, holder, note) VALUES
  ('code', 1, 'MIT', 'MIT License', 'https://spdx.org/licenses/MIT.html',
   'aid-api contributors',
   'The server, its build, its tests and its page (the repository''s LICENSE file).'),
  ('data', 2, 'CC-BY-4.0', 'Creative Commons Attribution 4.0 International',
   'https://creativecommons.org/licenses/by/4.0/',
   'aid-api contributors',
   'The structured data the project made from the article: every item of the API, the database and the data package. Chosen over CC0 so that every reuse credits the dataset, and through it the article each fact comes from. The verbatim quotes inside it are the article''s words, under the article''s rights, not this licence.'),
  ('article_text', 3, NULL, 'No licence: the text is its publisher''s', NULL,
   'GPIG',
   'The article''s text, served whole at /api/v1/sources and quoted in every fact, belongs to its publisher, GPIG. The project reproduces it unchanged for provenance, so that every fact can be checked against it, and licenses none of it. Its original web address is not known to the project.');
