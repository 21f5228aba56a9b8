-- Funding: every amount of money in the article, as an integer number of
-- yuan. kind follows who pays: Shanghai's governments and their delegation
-- give government_aid, enterprises enterprise_investment, the public
-- (social sectors) donation. cumulative = 1 for running totals. part_of names
-- the cumulative row whose period and recipients contain this one;
-- possibly_part_of one that may contain it where the article leaves that
-- open (README.md, "Containment"); containers come first so that the
-- references resolve on insert. start_inferred and end_inferred mark dates
-- the article implies without stating them.

-- The running total to the end of June 2011 (the container)
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('aid-total-to-june-2011', 1981000000, 'at_least', 'government_aid', 1996, NULL, 2011, 6, 1, 0, 'shanghai',
   'Improve production, living, education and medical conditions and the capacity for self-development, on the basis of whole village advancement.',
   1, NULL, NULL,
   'Running total of the financial aid Shanghai had provided by the end of June 2011. The article gives no currency; the amount is taken as yuan. “More than” makes it a lower bound. Only the end is stated: the start, 1996, is inferred as the year the counterpart partnership began. Recipients as the sentence gives them: 26 counties (“in Honghe, Wenshan, Puer and Diqing” is read as placing them) and the areas inhabited by the De''ang and Derung (Dulong). Also listed, because the article''s amounts for them are parts of this total: the 44 pilot villages of 1998 (in Wenshan, Honghe and Simao) and the De''ang areas the article names elsewhere, the 80 natural villages in Dehong, Baoshan and Lincang.',
   'gpig-shanghai-yunnan-2018',
   'By the end of June 2011, Shanghai, in accordance with the unified deployment and requirement of the central government and upholding the spirit of “involving true emotions, doing concrete deeds, and seeking actual effects”, accumulatively provided more than 1.981 billion in financial aid to 26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('aid-total-to-june-2011', 1, 'yunnan-26-counties'),
  ('aid-total-to-june-2011', 2, 'deang'),
  ('aid-total-to-june-2011', 3, 'derung'),
  ('aid-total-to-june-2011', 4, 'honghe'),
  ('aid-total-to-june-2011', 5, 'wenshan'),
  ('aid-total-to-june-2011', 6, 'puer'),
  ('aid-total-to-june-2011', 7, 'diqing'),
  -- the recipients of its parts (pilot-villages-aid-1998, deang-aid-2006-2010)
  -- that lie below none of the above in the entity tree
  ('aid-total-to-june-2011', 8, 'pilot-villages-1998'),
  ('aid-total-to-june-2011', 9, 'deang-natural-villages'),
  ('aid-total-to-june-2011', 10, 'dehong'),
  ('aid-total-to-june-2011', 11, 'baoshan-city'),
  ('aid-total-to-june-2011', 12, 'lincang');

-- 1998: 6.6 million for the first 44 pilot villages
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('pilot-villages-aid-1998', 6600000, 'exact', 'government_aid', 1998, NULL, 1998, NULL, 0, 0, 'shanghai',
   'Combined with local resources to terrace hillsides, build hope schools, village clinics and activity rooms, and develop farm products and processing, lifting the 44 pilot villages out of poverty.',
   0, 'aid-total-to-june-2011', NULL,
   'Shanghai financial aid used in 1998 (“the same year” as the first pilot villages). The article gives no currency; the amount is taken as yuan. The recipients, the 44 pilot villages in Wenshan, Honghe and Simao (Pu''er), are inferred from context: the article says only that Yunnan used the money and that the 44 villages were lifted out of poverty. Part of the June 2011 running total.',
   'gpig-shanghai-yunnan-2018',
   'In the same year, by integrating the 6.6 million of financial aid from Shanghai');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('pilot-villages-aid-1998', 1, 'pilot-villages-1998'),
  ('pilot-villages-aid-1998', 2, 'wenshan'),
  ('pilot-villages-aid-1998', 3, 'honghe'),
  ('pilot-villages-aid-1998', 4, 'puer');

-- April 2004: the delegation's 80 million yuan for Yunnan
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('delegation-donation-2004', 80000000, 'exact', 'government_aid', 2004, 4, 2004, 4, 0, 0, 'shanghai',
   'Support Yunnan''s Fight against Abject Poverty.',
   0, NULL, 'aid-total-to-june-2011',
   'Given on Shanghai''s behalf by the Party and Government Delegation of Shanghai during its April 2004 tour; the article says “donated”, but the payer is a government delegation, so it is government aid. The article does not say whether this sum is within the 1.981 billion running total to June 2011: it is government aid from Shanghai given within that total''s period, but to Yunnan as a whole, which is wider than the total''s recipients. So it is possibly part of that total, and totals add neither it nor anything that would count it twice.',
   'gpig-shanghai-yunnan-2018',
   'the delegation, on behalf of Shanghai, donated 80 million yuan to support Yunnan’s Fight against Abject Poverty');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('delegation-donation-2004', 1, 'yunnan');

-- 2006-2010: 33.64 million yuan for the De'ang villages
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('deang-aid-2006-2010', 33640000, 'exact', 'government_aid', 2006, NULL, 2010, NULL, 0, 0, 'shanghai',
   'Full support to lift the De''ang natural villages out of poverty.',
   0, 'aid-total-to-june-2011', NULL,
   'Shanghai''s spending on the 80 De''ang natural villages in Dehong, Baoshan and Lincang; the period 2006–2010 is that of the paragraph. The article says Shanghai “invested”, but the payer is Shanghai''s government, so it is government aid. Part of the June 2011 running total, whose recipients include the areas inhabited by the De''ang.',
   'gpig-shanghai-yunnan-2018',
   'Shanghai invested 33.64 million yuan to give full support to the 80 natural villages inhabited by Deang people in Dehong Prefecture, Baoshan Prefecture and Lincang Prefecture');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('deang-aid-2006-2010', 1, 'deang'),
  ('deang-aid-2006-2010', 2, 'deang-natural-villages'),
  ('deang-aid-2006-2010', 3, 'dehong'),
  ('deang-aid-2006-2010', 4, 'baoshan-city'),
  ('deang-aid-2006-2010', 5, 'lincang');

-- The fifteen-year summary for Wenshan (1996 to June 2011, inferred)
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('wenshan-aid-15-years', 416000000, 'exact', 'government_aid', 1996, NULL, 2011, 6, 1, 1, 'shanghai',
   'Financial aid for development-oriented poverty alleviation in Wenshan.',
   1, 'aid-total-to-june-2011', NULL,
   'Shanghai''s financial aid to Wenshan over “the past 15 years” since the east–west partnerships were set up. The period is inferred: it starts in 1996 with the partnerships, and the fifteen years are taken to end with the June 2011 running total, which it is part of, so totals do not count it twice.',
   'gpig-shanghai-yunnan-2018',
   'In the past 15 years since the establishment of assistance partnerships between the east and west to shift the latter out of poverty, Shanghai provided 416 million yuan in financial aid for Zhuang and Miao Autonomous Prefecture of Wenshan');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('wenshan-aid-15-years', 1, 'wenshan');

INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('wenshan-donations-15-years', 30000000, 'at_least', 'donation', 1996, NULL, 2011, 6, 1, 1, 'shanghai-social-sectors',
   'Donations for development-oriented poverty alleviation in Wenshan.',
   1, NULL, NULL,
   'Donations from all social sectors of Shanghai, mobilised by Shanghai, over the same fifteen years (1996 to June 2011, inferred as for the 416 million). “More than” makes it a lower bound. The recipient, Wenshan, is read from context: the passage is about Wenshan. Paid by the public, not by Shanghai''s government, so not part of the 1.981 billion of financial aid.',
   'gpig-shanghai-yunnan-2018',
   'managed to mobilize all social sectors in Shanghai to donate more than 30 million yuan');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('wenshan-donations-15-years', 1, 'wenshan');

INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, possibly_part_of, summary, source_id, quote) VALUES
  ('wenshan-enterprise-investment-15-years', 1150000000, 'exact', 'enterprise_investment', 1996, NULL, 2011, 6, 1, 1, 'shanghai-enterprises',
   'Investment through economic cooperation with Shanghai enterprises.',
   1, NULL, NULL,
   'Investment that Shanghai attracted from Shanghai enterprises through economic cooperation over the same fifteen years (1996 to June 2011, inferred as for the 416 million). The recipient, Wenshan, is read from context: the passage is about Wenshan. Paid by enterprises, not by Shanghai''s government, so not part of the 1.981 billion of financial aid.',
   'gpig-shanghai-yunnan-2018',
   'it also attracted 1.15 billion yuan from Shanghai enterprises by establishing economic cooperation with them');
INSERT INTO funding_recipients (funding_id, position, entity_id) VALUES
  ('wenshan-enterprise-investment-15-years', 1, 'wenshan');
