-- The article every fact row cites. The text is the verbatim copy kept in
-- db/source/ (never edited); it is read at build time from the repository
-- root, so quotes are checked against exactly these characters.
-- The byline "Original, GPIG, 02-02-2018" is day-month-year: 2 February 2018.
-- The article's original web address is not known to the project: url is
-- NULL, and none is made up. Its text is its publisher's: the project
-- reproduces it for provenance and licenses none of it.

INSERT INTO sources (id, title, publisher, published, language, text, url, rights) VALUES
  ('gpig-shanghai-yunnan-2018',
   'Shanghai''s partner aid to Yunnan',
   'GPIG',
   '2018-02-02',
   'en',
   CAST(readfile('db/source/shanghai-yunnan-partner-aid.txt') AS TEXT),
   NULL,
   'The article''s text belongs to its publisher, GPIG. It is reproduced whole, unchanged, so that every quote can be checked against it; it is not under the licence of the code (MIT) or of the data (CC BY 4.0).');
