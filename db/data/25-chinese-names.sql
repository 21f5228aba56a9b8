-- Chinese names: every place and ethnic group of the entities, in
-- simplified Chinese and in Hanyu Pinyin with tone marks. NONE OF THEM IS
-- FROM THE ARTICLE, which is in English and names them only in English
-- romanisation: each row follows the rule it names (below), and the API
-- serves them marked so (from_article false, with the rule). Where the
-- official name cannot be told with certainty, zh and pinyin are NULL and
-- null_reason says why: no name is guessed. Former names are those the
-- place or group had before, with the year the next name replaced them.
-- tests/test_names.c checks that every place and ethnic group has a row,
-- that the characters and the pinyin agree (one tone mark per character)
-- and that none of them is in the article or among the aliases.

INSERT INTO name_rules (value, position, label) VALUES
  ('division', 1,
   'The official name of the administrative division in simplified Chinese characters, as the State Council approved it and the Ministry of Civil Affairs lists it; the short name is its proper name alone (without the generic term, and for an autonomous prefecture without the names of its ethnic groups). The pinyin is Hanyu Pinyin with tone marks, written by the national standard GB/T 16159 (each part a capitalised word). Not from the article.'),
  ('ethnic_group', 2,
   'The official name of the ethnic group, one of the 56 the state recognises, in simplified Chinese characters as the national standard GB/T 3304 lists it. The pinyin is Hanyu Pinyin with tone marks, written by the national standard GB/T 16159. Not from the article.');

INSERT INTO chinese_names (entity_id, rule, zh, pinyin, short_zh, short_pinyin, null_reason) VALUES
  -- the two partners
  ('shanghai', 'division', '上海市', 'Shànghǎi Shì', '上海', 'Shànghǎi', NULL),
  ('yunnan', 'division', '云南省', 'Yúnnán Shěng', '云南', 'Yúnnán', NULL),
  -- Yunnan: prefecture-level
  ('wenshan', 'division', '文山壮族苗族自治州', 'Wénshān Zhuàngzú Miáozú Zìzhìzhōu', '文山', 'Wénshān', NULL),
  ('honghe', 'division', '红河哈尼族彝族自治州', 'Hónghé Hānízú Yízú Zìzhìzhōu', '红河', 'Hónghé', NULL),
  ('puer', 'division', '普洱市', 'Pǔ''ěr Shì', '普洱', 'Pǔ''ěr', NULL),
  ('diqing', 'division', '迪庆藏族自治州', 'Díqìng Zàngzú Zìzhìzhōu', '迪庆', 'Díqìng', NULL),
  ('dehong', 'division', '德宏傣族景颇族自治州', 'Déhóng Dǎizú Jǐngpōzú Zìzhìzhōu', '德宏', 'Déhóng', NULL),
  ('baoshan-city', 'division', '保山市', 'Bǎoshān Shì', '保山', 'Bǎoshān', NULL),
  ('lincang', 'division', '临沧市', 'Líncāng Shì', '临沧', 'Líncāng', NULL),
  -- Yunnan: county-level, town, village
  ('shangri-la', 'division', '香格里拉市', 'Xiānggélǐlā Shì', '香格里拉', 'Xiānggélǐlā', NULL),
  ('yilong', 'division', NULL, NULL, NULL, NULL,
   'The article writes Yilong without tones and places it in Honghe without naming its county, which does not fix one official name.'),
  ('masushu-village', 'division', NULL, NULL, NULL, NULL,
   'The article gives only a romanised name without tones, for a village in a town whose own name is not fixed either, which does not fix one official name.'),
  -- Shanghai: districts (宝山 of Shanghai and 保山 of Yunnan are
  -- different characters: Baoshan in English names both)
  ('jiading-district', 'division', '嘉定区', 'Jiādìng Qū', '嘉定', 'Jiādìng', NULL),
  ('baoshan-district', 'division', '宝山区', 'Bǎoshān Qū', '宝山', 'Bǎoshān', NULL),
  ('minhang-district', 'division', '闵行区', 'Mǐnháng Qū', '闵行', 'Mǐnháng', NULL),
  -- groups of places: no official name
  ('shanghai-12-districts-and-counties', 'division', NULL, NULL, NULL, NULL,
   'A group of places that the article does not name one by one; a group has no official name.'),
  ('yunnan-23-key-counties', 'division', NULL, NULL, NULL, NULL,
   'A group of places that the article does not name one by one; a group has no official name.'),
  ('pilot-villages-1998', 'division', NULL, NULL, NULL, NULL,
   'A group of places that the article does not name one by one; a group has no official name.'),
  ('diqing-three-counties', 'division', NULL, NULL, NULL, NULL,
   'A group of places that the article does not name one by one; a group has no official name.'),
  ('deang-natural-villages', 'division', NULL, NULL, NULL, NULL,
   'A group of places that the article does not name one by one; a group has no official name.'),
  ('yunnan-26-counties', 'division', NULL, NULL, NULL, NULL,
   'A group of places that the article does not name one by one; a group has no official name.'),
  -- ethnic groups
  ('miao', 'ethnic_group', '苗族', 'Miáozú', NULL, NULL, NULL),
  ('zhuang', 'ethnic_group', '壮族', 'Zhuàngzú', NULL, NULL, NULL),
  ('yi', 'ethnic_group', '彝族', 'Yízú', NULL, NULL, NULL),
  ('wa', 'ethnic_group', '佤族', 'Wǎzú', NULL, NULL, NULL),
  ('hani', 'ethnic_group', '哈尼族', 'Hānízú', NULL, NULL, NULL),
  ('lahu', 'ethnic_group', '拉祜族', 'Lāhùzú', NULL, NULL, NULL),
  ('deang', 'ethnic_group', '德昂族', 'Dé''ángzú', NULL, NULL, NULL),
  ('derung', 'ethnic_group', '独龙族', 'Dúlóngzú', NULL, NULL, NULL);

-- Former names: Simao Prefecture became Simao City in 2003 and was renamed
-- Pu'er City in 2007; Baoshan and Lincang Prefectures became cities in 2000
-- and 2003; Zhongdian County was renamed Shangri-La County in 2001, which
-- became Shangri-La City in 2014; the Benglong were renamed De'ang in 1985.
INSERT INTO chinese_former_names (entity_id, position, zh, pinyin, short_zh, short_pinyin, until_year) VALUES
  ('puer', 1, '思茅地区', 'Sīmáo Dìqū', '思茅', 'Sīmáo', 2003),
  ('puer', 2, '思茅市', 'Sīmáo Shì', '思茅', 'Sīmáo', 2007),
  ('baoshan-city', 1, '保山地区', 'Bǎoshān Dìqū', '保山', 'Bǎoshān', 2000),
  ('lincang', 1, '临沧地区', 'Líncāng Dìqū', '临沧', 'Líncāng', 2003),
  ('shangri-la', 1, '中甸县', 'Zhōngdiàn Xiàn', '中甸', 'Zhōngdiàn', 2001),
  ('shangri-la', 2, '香格里拉县', 'Xiānggélǐlā Xiàn', '香格里拉', 'Xiānggélǐlā', 2014),
  ('deang', 1, '崩龙族', 'Bēnglóngzú', NULL, NULL, 1985);
