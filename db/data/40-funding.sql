-- Funding: every amount of money in the article, as an integer number of
-- yuan. kind follows who pays: Shanghai's governments and their delegation
-- give government_aid, enterprises enterprise_investment, the public
-- (social sectors) donation. cumulative = 1 for running totals. part_of names
-- the cumulative row whose period and recipients contain this one, and
-- part_of_inferred says that containment is read, not stated;
-- possibly_part_of one that may contain it where the article leaves that
-- open (README.md, "Containment"); containers come first so that the
-- references resolve on insert. A recipient's inferred says it is read from
-- context, not named by the article as receiving the money (README.md,
-- "Stated or read"). start_inferred and end_inferred mark dates the
-- article implies without stating them (README.md, "Dates").

-- The running total to the end of June 2011 (the container)
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('aid-total-to-june-2011', 1981000000, 'at_least', 'government_aid', 1996, NULL, 2011, 6, 1, 0, 'shanghai',
   'Improve production, living, education and medical conditions and the capacity for self-development, on the basis of whole village advancement.',
   1, NULL, 0, NULL,
   'Running total of the financial aid Shanghai had provided by the end of June 2011, in accordance with the unified deployment and requirement of the central government. The article gives no currency; the amount is taken as yuan. “More than” makes it a lower bound. Only the end is stated: the start, 1996, is inferred as the year the counterpart cooperation began. The recipients the sentence names: 26 counties, and the areas inhabited by the De''ang and Derung (Dulong) ethnicities, “in Honghe, Wenshan, Puer and Diqing”; it does not say whether those four prefectures place the counties, the areas or both, but either way the aid reached them, so they are recipients too. Two more recipients are read, not stated: the 44 pilot villages of 1998 and the 80 De''ang natural villages, because the 6.6 million and the 33.64 million that went to them are read as parts of this total.',
   'gpig-shanghai-yunnan-2018',
   'By the end of June 2011, Shanghai, in accordance with the unified deployment and requirement of the central government and upholding the spirit of “involving true emotions, doing concrete deeds, and seeking actual effects”, accumulatively provided more than 1.981 billion in financial aid to 26 counties, and areas inhabited by Deang and Dulong ethnicities in Honghe, Wenshan, Puer and Diqing');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('aid-total-to-june-2011', 1, 'yunnan-26-counties', 0),
  ('aid-total-to-june-2011', 2, 'deang', 0),
  ('aid-total-to-june-2011', 3, 'derung', 0),
  ('aid-total-to-june-2011', 4, 'honghe', 0),
  ('aid-total-to-june-2011', 5, 'wenshan', 0),
  ('aid-total-to-june-2011', 6, 'puer', 0),
  ('aid-total-to-june-2011', 7, 'diqing', 0),
  -- read: the recipients of its read parts (pilot-villages-aid-1998,
  -- deang-aid-2006-2010) that lie below none of the above
  ('aid-total-to-june-2011', 8, 'pilot-villages-1998', 1),
  ('aid-total-to-june-2011', 9, 'deang-natural-villages', 1);

-- 1998: 6.6 million for the first 44 pilot villages
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('pilot-villages-aid-1998', 6600000, 'exact', 'government_aid', 1998, NULL, 1998, NULL, 0, 0, 'shanghai',
   'Integrated with local resources to turn hillsides into terraced fields, build hope schools, village clinics and activity rooms, and develop agricultural products and processing units; under those efforts the 44 pilot villages were lifted out of poverty.',
   0, 'aid-total-to-june-2011', 1, NULL,
   'Financial aid from Shanghai that Yunnan (the article''s “Yunan”) integrated with local resources in 1998 (“In the same year” as the first pilot villages). The article gives no currency; the amount is taken as yuan. Yunnan is the recipient the article states. That the money went to the 44 pilot villages (in Wenshan, Honghe and Simao, today Pu''er) is read from context: the article says only that Yunnan used it and that, under those efforts, the 44 villages were lifted out of poverty. Read as part of the June 2011 running total, as Shanghai''s financial aid to villages in places that total names, within its years; the article does not say so.',
   'gpig-shanghai-yunnan-2018',
   'In the same year, by integrating the 6.6 million of financial aid from Shanghai');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('pilot-villages-aid-1998', 1, 'yunnan', 0),
  ('pilot-villages-aid-1998', 2, 'pilot-villages-1998', 1);

-- April 2004: the delegation's 80 million yuan for Yunnan
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('delegation-donation-2004', 80000000, 'exact', 'government_aid', 2004, 4, 2004, 4, 0, 0, 'shanghai',
   'Support Yunnan''s Fight against Abject Poverty.',
   0, NULL, 0, 'aid-total-to-june-2011',
   'Given on behalf of Shanghai by the Party and Government Delegation of Shanghai on its study and inspection tour of April 2004 (“On that tour”); the article says “donated”, but the giver is a government delegation, so it is government aid. The article does not say whether this sum is within the 1.981 billion running total to June 2011: it is government aid from Shanghai given within that total''s years, but to Yunnan as a whole, which is wider than the places that total names. So it may be part of that total: wherever the totals add that total, they list this sum without adding it.',
   'gpig-shanghai-yunnan-2018',
   'On that tour, the delegation, on behalf of Shanghai, donated 80 million yuan to support Yunnan’s Fight against Abject Poverty');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('delegation-donation-2004', 1, 'yunnan', 0);

-- 2006-2010 (inferred from the paragraph): 33.64 million yuan for the De'ang villages
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('deang-aid-2006-2010', 33640000, 'exact', 'government_aid', 2006, NULL, 2010, NULL, 1, 1, 'shanghai',
   'Full support to the 80 natural villages inhabited by De''ang people.',
   0, 'aid-total-to-june-2011', 1, NULL,
   'Invested by Shanghai, through SEAC''s assistance mechanism for smaller ethnic groups, to give full support to the 80 natural villages inhabited by De''ang people in Dehong, Baoshan and Lincang. The article says “invested”, but the giver is Shanghai itself, not its enterprises, so it is government aid. The villages are the recipient the article names, and with them the De''ang people who inhabit them; the three prefectures are where the villages lie, not other recipients. The period 2006–2010 is inferred: the sentence gives no date, and the paragraph it stands in begins “From 2006 to 2010”. Read as part of the June 2011 running total, whose recipients include the areas inhabited by the De''ang; the article does not say so.',
   'gpig-shanghai-yunnan-2018',
   'Shanghai invested 33.64 million yuan to give full support to the 80 natural villages inhabited by Deang people in Dehong Prefecture, Baoshan Prefecture and Lincang Prefecture');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('deang-aid-2006-2010', 1, 'deang-natural-villages', 0),
  ('deang-aid-2006-2010', 2, 'deang', 0);

-- The fifteen-year summary for Wenshan (1996 to June 2011, inferred); the
-- donations and the investment go to Yunnan as stated, to Wenshan as read
INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('wenshan-aid-15-years', 416000000, 'exact', 'government_aid', 1996, NULL, 2011, 6, 1, 1, 'shanghai',
   'Financial aid for development-oriented poverty alleviation in Wenshan.',
   1, 'aid-total-to-june-2011', 1, NULL,
   'Shanghai''s financial aid for Wenshan Zhuang and Miao Autonomous Prefecture over “the past 15 years” since the east–west assistance partnerships were established. The period is inferred: it starts in 1996 with the partnerships, and the fifteen years are taken to end with the June 2011 running total. Read as part of that total, as Shanghai''s financial aid to Wenshan, one of its places, over the same years; the article does not say so.',
   'gpig-shanghai-yunnan-2018',
   'In the past 15 years since the establishment of assistance partnerships between the east and west to shift the latter out of poverty, Shanghai provided 416 million yuan in financial aid for Zhuang and Miao Autonomous Prefecture of Wenshan');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('wenshan-aid-15-years', 1, 'wenshan', 0);

INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('wenshan-donations-15-years', 30000000, 'at_least', 'donation', 1996, NULL, 2011, 6, 1, 1, 'shanghai-social-sectors',
   'Donations; with them and the other funds of the passage, 1,672 supporting projects were launched in Yunnan.',
   1, NULL, 0, NULL,
   'Donations that Shanghai mobilised all social sectors in Shanghai to give, over the same fifteen years (1996 to June 2011, inferred as for the 416 million). “More than” makes it a lower bound. The recipient the article states is Yunnan: “With those funds, 1,672 supporting projects were launched in Yunnan”. Wenshan is read from context, because the passage is about Wenshan; the article does not say the donations went there. Given by the public, not by Shanghai itself, so not read as part of the 1.981 billion of Shanghai''s financial aid.',
   'gpig-shanghai-yunnan-2018',
   'managed to mobilize all social sectors in Shanghai to donate more than 30 million yuan');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('wenshan-donations-15-years', 1, 'yunnan', 0),
  ('wenshan-donations-15-years', 2, 'wenshan', 1);

INSERT INTO funding (id, amount_yuan, bound, kind, start_year, start_month, end_year, end_month, start_inferred, end_inferred, donor, purpose, cumulative, part_of, part_of_inferred, possibly_part_of, summary, source_id, quote) VALUES
  ('wenshan-enterprise-investment-15-years', 1150000000, 'exact', 'enterprise_investment', 1996, NULL, 2011, 6, 1, 1, 'shanghai-enterprises',
   'Investment attracted by establishing economic cooperation with Shanghai enterprises; with it and the other funds of the passage, 1,672 supporting projects were launched in Yunnan.',
   1, NULL, 0, NULL,
   'Investment that Shanghai attracted from Shanghai enterprises by establishing economic cooperation with them, over the same fifteen years (1996 to June 2011, inferred as for the 416 million). The recipient the article states is Yunnan: “With those funds, 1,672 supporting projects were launched in Yunnan”. Wenshan is read from context, because the passage is about Wenshan; the article does not say the investment went there. Given by enterprises, not by Shanghai itself, so not read as part of the 1.981 billion of Shanghai''s financial aid.',
   'gpig-shanghai-yunnan-2018',
   'it also attracted 1.15 billion yuan from Shanghai enterprises by establishing economic cooperation with them');
INSERT INTO funding_recipients (funding_id, position, entity_id, inferred) VALUES
  ('wenshan-enterprise-investment-15-years', 1, 'yunnan', 0),
  ('wenshan-enterprise-investment-15-years', 2, 'wenshan', 1);
