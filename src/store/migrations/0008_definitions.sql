-- The partnership's shared definitions (recommendation 2): every term a
-- concern, context or link is coded with, versioned, with each partner
-- agency's adoption of each version. A record keeps the version it was
-- coded with. The default set below is cshub's starting point; admins
-- publish new versions.
CREATE TABLE definition_terms (
    id              TEXT PRIMARY KEY,
    category        TEXT NOT NULL CHECK (category IN ('exploitation_type', 'context_type', 'link_type',
                        'indicator', 'adverse_childhood_experience')),
    code            TEXT NOT NULL,
    indicator_group TEXT CHECK (indicator_group IN ('push', 'pull', 'control', 'sign')),
    cin_code        TEXT,
    UNIQUE (category, code),
    CHECK ((category = 'indicator') = (indicator_group IS NOT NULL))
);

CREATE TABLE definition_versions (
    term_id      TEXT NOT NULL REFERENCES definition_terms (id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    label        TEXT NOT NULL,
    definition   TEXT NOT NULL,
    adopted_on   TEXT NOT NULL,
    published_by TEXT REFERENCES users (id),
    PRIMARY KEY (term_id, version)
);

CREATE TABLE definition_adoptions (
    term_id     TEXT NOT NULL,
    version     INTEGER NOT NULL,
    agency_id   TEXT NOT NULL REFERENCES agencies (id),
    adopted_on  TEXT NOT NULL,
    recorded_by TEXT REFERENCES users (id),
    PRIMARY KEY (term_id, version, agency_id),
    FOREIGN KEY (term_id, version) REFERENCES definition_versions (term_id, version)
);

-- The default set, version 1, adopted by the partnership on 2023-02-23 (the
-- cabinet decision that asked for consistent definitions).
CREATE TEMP TABLE seed (category TEXT, code TEXT, indicator_group TEXT, cin_code TEXT, label TEXT, definition TEXT);
INSERT INTO seed VALUES
 ('exploitation_type', 'child_sexual_exploitation', NULL, '11A', 'Child sexual exploitation',
  'A form of child sexual abuse where an individual or group takes advantage of an imbalance of power to coerce, manipulate or deceive a child or young person under 18 into sexual activity in exchange for something the victim needs or wants, and/or for the financial advantage or increased status of the perpetrator or facilitator. The victim may have been exploited even if the sexual activity appears consensual, and it can happen online.'),
 ('exploitation_type', 'child_criminal_exploitation', NULL, '24A', 'Child criminal exploitation',
  'Where an individual or group takes advantage of an imbalance of power to coerce, control, manipulate or deceive a child or young person under 18 into any criminal activity: in exchange for something the victim needs or wants; for the financial or other advantage of the perpetrator or facilitator; or through violence or the threat of violence. It does not always involve physical contact and can happen through technology.'),
 ('exploitation_type', 'county_lines', NULL, '24A', 'County lines',
  'A form of child criminal exploitation in which gangs and organised criminal networks move illegal drugs into other areas using dedicated mobile phone lines, and use children and vulnerable adults to carry and sell the drugs, often with coercion, intimidation, violence and weapons.'),
 ('exploitation_type', 'trafficking_modern_slavery', NULL, '12A', 'Trafficking and modern slavery',
  'Arranging or helping the travel of a child with a view to their exploitation, or holding a child in slavery, servitude or forced or compulsory labour. A child cannot consent to their own exploitation; movement may be within one town.'),
 ('exploitation_type', 'gangs', NULL, '13A', 'Gangs',
  'A child at risk through involvement with, or the influence of, a gang: a relatively durable, predominantly street-based group whose identity includes engaging in violence or criminal activity.'),
 ('exploitation_type', 'missing', NULL, '10A', 'Going missing',
  'A child whose whereabouts cannot be established and where the circumstances are out of character or the context suggests they may be the subject of crime or at risk of harm to themselves or another. Going missing is both a sign and a risk of exploitation.'),
 ('exploitation_type', 'online_exploitation', NULL, NULL, 'Online exploitation',
  'Exploitation carried out or enabled through the internet, social media, gaming or messaging, including grooming, the sharing of sexual images, sextortion and recruitment into crime.'),
 ('exploitation_type', 'serious_youth_violence', NULL, NULL, 'Serious youth violence',
  'Serious violence, including knife crime and robbery, where the victim or the perpetrator is a young person under 25.'),
 ('exploitation_type', 'teenage_relationship_abuse', NULL, NULL, 'Teenage relationship abuse',
  'Controlling, coercive, threatening, violent or abusive behaviour between young people who are or have been in a relationship, including online and through phones.'),
 ('exploitation_type', 'radicalisation', NULL, NULL, 'Radicalisation',
  'The process by which a young person comes to support terrorism and extremist ideologies associated with terrorist groups.'),
 ('context_type', 'location', NULL, NULL, 'Location', 'A place: a park, shop, takeaway, transport hub, house, street or other public or private space.'),
 ('context_type', 'peer_group', NULL, NULL, 'Peer group', 'A group of young people who spend time together and influence each other.'),
 ('context_type', 'school', NULL, NULL, 'School', 'A school, college or alternative provision, including the spaces inside it.'),
 ('context_type', 'online_space', NULL, NULL, 'Online space', 'A website, platform, game, group chat or channel where young people meet.'),
 ('context_type', 'neighbourhood', NULL, NULL, 'Neighbourhood', 'An area, estate or ward.'),
 ('link_type', 'associates_with', NULL, NULL, 'Associates with', 'Two people are known to spend time together.'),
 ('link_type', 'frequents', NULL, NULL, 'Frequents', 'A person is known to spend time at a place or online space.'),
 ('link_type', 'attends', NULL, NULL, 'Attends', 'A young person attends a school or setting.'),
 ('link_type', 'member_of', NULL, NULL, 'Member of', 'A person belongs to a peer group.'),
 ('link_type', 'in_relationship_with', NULL, NULL, 'In a relationship with', 'Two people are or have been in an intimate relationship.'),
 ('link_type', 'suspected_of_exploiting', NULL, NULL, 'Suspected of exploiting', 'A person is suspected of exploiting a young person.'),
 ('indicator', 'neglect', 'push', NULL, 'Neglect', 'The young person''s basic needs are not met at home.'),
 ('indicator', 'family_conflict', 'push', NULL, 'Family conflict', 'Conflict or breakdown of relationships at home.'),
 ('indicator', 'domestic_abuse_at_home', 'push', NULL, 'Domestic abuse at home', 'The young person lives with domestic abuse between adults.'),
 ('indicator', 'parental_substance_misuse', 'push', NULL, 'Parental substance misuse', 'A parent or carer misuses drugs or alcohol.'),
 ('indicator', 'parental_mental_ill_health', 'push', NULL, 'Parental mental ill-health', 'A parent or carer has poor mental health that affects their care.'),
 ('indicator', 'in_care', 'push', NULL, 'In care', 'The young person is looked after by the local authority or recently left care.'),
 ('indicator', 'school_exclusion', 'push', NULL, 'Excluded or reduced timetable', 'Excluded from school, on a reduced timetable, or out of education.'),
 ('indicator', 'bereavement', 'push', NULL, 'Bereavement', 'The death of someone close.'),
 ('indicator', 'poverty', 'push', NULL, 'Poverty', 'The household lacks money for essentials.'),
 ('indicator', 'unmet_needs', 'push', NULL, 'Unmet learning or mental-health needs', 'Special educational needs or mental-health needs without support.'),
 ('indicator', 'money_gifts', 'pull', NULL, 'Money or gifts', 'Given money, clothes, trainers or other gifts.'),
 ('indicator', 'phones', 'pull', NULL, 'Phones', 'Given a phone or phone credit.'),
 ('indicator', 'drugs_alcohol', 'pull', NULL, 'Drugs or alcohol', 'Given drugs or alcohol.'),
 ('indicator', 'status_belonging', 'pull', NULL, 'Status or belonging', 'Offered status, respect, or a sense of belonging.'),
 ('indicator', 'older_partner_affection', 'pull', NULL, 'Affection from an older partner', 'Affection or attention from an older "boyfriend" or "girlfriend".'),
 ('indicator', 'protection', 'pull', NULL, 'Protection', 'Offered protection from others.'),
 ('indicator', 'threats', 'control', NULL, 'Threats', 'Threatened, or told that others will be harmed.'),
 ('indicator', 'violence', 'control', NULL, 'Violence', 'Assaulted or hurt.'),
 ('indicator', 'debt_bondage', 'control', NULL, 'Debt bondage', 'Told they owe a debt (for example for "lost" drugs or money) that must be worked off.'),
 ('indicator', 'image_blackmail', 'control', NULL, 'Blackmail with images', 'Threatened with the sharing of sexual or compromising images.'),
 ('indicator', 'isolation', 'control', NULL, 'Isolation', 'Cut off from friends and family.'),
 ('indicator', 'threats_to_family', 'control', NULL, 'Threats to family', 'Family members threatened.'),
 ('indicator', 'going_missing', 'sign', NULL, 'Going missing', 'Missing from home, care or school.'),
 ('indicator', 'found_out_of_area', 'sign', NULL, 'Found out of area', 'Found in a town or area with no known connection.'),
 ('indicator', 'unexplained_money', 'sign', NULL, 'Unexplained money or items', 'Has money, clothes or items they cannot account for.'),
 ('indicator', 'several_phones', 'sign', NULL, 'Several phones', 'Has more than one phone or receives many calls.'),
 ('indicator', 'older_associates', 'sign', NULL, 'Older associates', 'Spends time with older people or people of concern.'),
 ('indicator', 'attendance_drop', 'sign', NULL, 'Sudden drop in school attendance', 'Attendance at school has fallen suddenly.'),
 ('indicator', 'injuries', 'sign', NULL, 'Injuries', 'Unexplained injuries.'),
 ('indicator', 'carrying_weapons', 'sign', NULL, 'Carrying weapons', 'Known or suspected to carry a knife or other weapon.'),
 ('indicator', 'sti_pregnancy', 'sign', NULL, 'Sexually transmitted infection or pregnancy', 'A sexually transmitted infection or pregnancy.'),
 ('indicator', 'controlling_partner', 'sign', NULL, 'Controlling partner', 'A partner checks their phone, controls who they see or where they go.'),
 ('adverse_childhood_experience', 'physical_abuse', NULL, NULL, 'Physical abuse', 'The young person has been physically abused.'),
 ('adverse_childhood_experience', 'sexual_abuse', NULL, NULL, 'Sexual abuse', 'The young person has been sexually abused.'),
 ('adverse_childhood_experience', 'emotional_abuse', NULL, NULL, 'Emotional abuse', 'The young person has been emotionally abused.'),
 ('adverse_childhood_experience', 'physical_neglect', NULL, NULL, 'Physical neglect', 'The young person has been physically neglected.'),
 ('adverse_childhood_experience', 'emotional_neglect', NULL, NULL, 'Emotional neglect', 'The young person has been emotionally neglected.'),
 ('adverse_childhood_experience', 'domestic_abuse', NULL, NULL, 'Domestic abuse', 'The young person has lived with domestic abuse.'),
 ('adverse_childhood_experience', 'household_substance_misuse', NULL, NULL, 'Household substance misuse', 'Someone in the household misused drugs or alcohol.'),
 ('adverse_childhood_experience', 'household_mental_illness', NULL, NULL, 'Household mental illness', 'Someone in the household had a mental illness.'),
 ('adverse_childhood_experience', 'parental_separation', NULL, NULL, 'Parental separation', 'The young person''s parents separated or divorced.'),
 ('adverse_childhood_experience', 'household_imprisonment', NULL, NULL, 'Household member in prison', 'A member of the household was in prison.');

INSERT INTO definition_terms (id, category, code, indicator_group, cin_code)
    SELECT lower(hex(randomblob(16))), category, code, indicator_group, cin_code FROM seed;
INSERT INTO definition_versions (term_id, version, label, definition, adopted_on)
    SELECT t.id, 1, s.label, s.definition, '2023-02-23'
    FROM seed s JOIN definition_terms t ON t.category = s.category AND t.code = s.code;
DROP TABLE seed;
