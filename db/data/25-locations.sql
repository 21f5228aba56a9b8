-- Locations: where a group of people or villages lies, as the article puts
-- it (inferred = 1 where that is read, not stated). A location is not the
-- group's parent (the smallest named place holding the whole group, which
-- lies above every location) and not a recipient beside the group: what
-- the group receives lies wholly in the group and above it, and in each
-- place it lies in it is shared (README.md, "Located, not shared").

-- The 44 pilot villages of 1998: "launched in 22 counties in Wenshan,
-- Honghe and Simao"
INSERT INTO entity_locations (entity_id, position, place_id, inferred, source_id, quote) VALUES
  ('pilot-villages-1998', 1, 'wenshan', 0, 'gpig-shanghai-yunnan-2018',
   'projects were launched in 22 counties in Wenshan, Honghe and Simao'),
  ('pilot-villages-1998', 2, 'honghe', 0, 'gpig-shanghai-yunnan-2018',
   'projects were launched in 22 counties in Wenshan, Honghe and Simao'),
  ('pilot-villages-1998', 3, 'puer', 0, 'gpig-shanghai-yunnan-2018',
   'projects were launched in 22 counties in Wenshan, Honghe and Simao');

-- The 23 key counties of 1996: "in the three prefectures" (Wenshan, Honghe
-- and Simao, named just before)
INSERT INTO entity_locations (entity_id, position, place_id, inferred, source_id, quote) VALUES
  ('yunnan-23-key-counties', 1, 'wenshan', 0, 'gpig-shanghai-yunnan-2018',
   '23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures'),
  ('yunnan-23-key-counties', 2, 'honghe', 0, 'gpig-shanghai-yunnan-2018',
   '23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures'),
  ('yunnan-23-key-counties', 3, 'puer', 0, 'gpig-shanghai-yunnan-2018',
   '23 key counties covered in the national development-oriented poverty alleviation program in the three prefectures');

-- The 80 De'ang natural villages: "in Dehong Prefecture, Baoshan Prefecture
-- and Lincang Prefecture"
INSERT INTO entity_locations (entity_id, position, place_id, inferred, source_id, quote) VALUES
  ('deang-natural-villages', 1, 'dehong', 0, 'gpig-shanghai-yunnan-2018',
   '80 natural villages inhabited by Deang people in Dehong Prefecture, Baoshan Prefecture and Lincang Prefecture'),
  ('deang-natural-villages', 2, 'baoshan-city', 0, 'gpig-shanghai-yunnan-2018',
   '80 natural villages inhabited by Deang people in Dehong Prefecture, Baoshan Prefecture and Lincang Prefecture'),
  ('deang-natural-villages', 3, 'lincang', 0, 'gpig-shanghai-yunnan-2018',
   '80 natural villages inhabited by Deang people in Dehong Prefecture, Baoshan Prefecture and Lincang Prefecture');

-- The 26 counties of June 2011: read, not stated. "to 26 counties, and
-- areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer
-- and Diqing" does not say whether the four prefectures place the
-- counties, the areas or both (README.md, ambiguity 34).
INSERT INTO entity_locations (entity_id, position, place_id, inferred, source_id, quote) VALUES
  ('yunnan-26-counties', 1, 'honghe', 1, 'gpig-shanghai-yunnan-2018',
   '26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing'),
  ('yunnan-26-counties', 2, 'wenshan', 1, 'gpig-shanghai-yunnan-2018',
   '26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing'),
  ('yunnan-26-counties', 3, 'puer', 1, 'gpig-shanghai-yunnan-2018',
   '26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing'),
  ('yunnan-26-counties', 4, 'diqing', 1, 'gpig-shanghai-yunnan-2018',
   '26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing');
