-- The article every fact row cites. The text is the verbatim copy kept in
-- db/source/ (never edited); it is read at build time from the repository
-- root, so quotes are checked against exactly these characters.
-- The byline "Original, GPIG, 02-02-2018" is day-month-year: 2 February 2018.

INSERT INTO sources (id, title, publisher, published, language, text) VALUES
  ('gpig-shanghai-yunnan-2018',
   'Shanghai''s partner aid to Yunnan',
   'GPIG',
   '2018-02-02',
   'en',
   CAST(readfile('db/source/shanghai-yunnan-partner-aid.txt') AS TEXT));
