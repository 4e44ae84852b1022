/* The invented words of `cshub demo`; see demo_words.h. Coordinates are
 * scattered around 54.57 N, 1.31 W; the postcodes have the shape of UK
 * postcodes in an area ("KV") that does not exist. */
#include "cli/demo_words.h"

const char *const demo_female_names[] = {
    "Amelia", "Ava",    "Chloé",  "Demi",   "Ellie",  "Evie",   "Freya",  "Grace",  "Hafsa",   "Imogen",
    "Jade",   "Kayleigh", "Keira", "Layla", "Leah",   "Lacey",  "Maisie", "Maja",   "Nadia",    "Niamh",
    "Olivia", "Paige",  "Renée",  "Ruby",   "Sadia",  "Shannon", "Siân",  "Skye",   "Tegan",    "Tia",
    "Zara",   "Zoë",    "Amira",  "Bethany", "Courtney", "Destiny", "Esme", "Faith",  "Holly",   "Kacey",
};
const size_t demo_female_name_count = DEMO_COUNT(demo_female_names);

const char *const demo_male_names[] = {
    "Aaron",  "Aiden",  "Alfie",  "Bilal",  "Brandon", "Callum", "Connor", "Corey",  "Dante",   "Declan",
    "Ethan",  "Finley", "Harvey", "Hassan", "Jayden",  "Jake",   "Jordan", "José",   "Kai",     "Kian",
    "Kyle",   "Leon",   "Liam",   "Łukasz", "Mason",   "Mohammed", "Nathan", "Oísín", "Owen",    "Reece",
    "Riley",  "Ryan",   "Tomás",  "Tyler",  "Tyrese",  "Zain",   "Logan",  "Marcel", "Jamal",   "Kacper",
};
const size_t demo_male_name_count = DEMO_COUNT(demo_male_names);

const char *const demo_family_names[] = {
    "Ashdown",   "Bairstow",  "Blackett",  "Bramley",  "Carrick",   "Coverdale", "Dunmore",  "Elswick",
    "Fairhurst", "Fenby",     "Garside",   "Gildersome", "Hartburn", "Hebblethwaite", "Ingleby", "Jessop",
    "Kirkleatham", "Lazenby", "Lofthouse", "Marske",   "Mowbray",   "Norcliffe", "Ormesby",  "Pickersgill",
    "Redcar-Hume", "Rokeby",  "Scargill",  "Skelton",  "Stainsby",  "Thornaby",  "Tunstall", "Ullathorne",
    "Varley",    "Wardle",    "Whinney",   "Yarwood",  "Achebe-Lowe", "Bhatti",  "Chaudry",  "Dąbrowski",
    "Ekwueme",   "Farouk",    "Haddad",    "Iqbal",    "Kowalczyk", "Malik",     "Nowicki",  "Okafor",
    "Osei",      "Rahman",    "Shah",      "Adeyinka", "Cardwell",  "Dobbing",   "Fothergill", "Grainger",
};
const size_t demo_family_name_count = DEMO_COUNT(demo_family_names);

const char *const demo_street_names[] = {
    "Tanner Street", "Heronfield Road", "Millrace Lane", "Northgate Parade", "Marsh Lane", "Fenwick Court",
    "Station Road", "Brackenmoor Avenue", "Old Town Row", "Kestrel Way", "Larkfield Close", "Ropery Walk",
    "Chandler's Wharf", "Saltholme Terrace", "Gorse Hill", "Cinder Path",
};
const size_t demo_street_name_count = DEMO_COUNT(demo_street_names);

const char *const demo_aliases[] = {"Tiny", "Ghost", "Kidd", "Smudge", "Ace", "Bones", "Shadow",
                                    "Lil T", "Dolly", "Spider", "Frost", "Rocket"};
const size_t demo_alias_count = DEMO_COUNT(demo_aliases);

const char *const demo_ethnicities[] = {
    "White British", "White British", "White British", "White British", "White British", "White British",
    "White Irish", "White Gypsy or Irish Traveller", "Any other White background", "Any other White background",
    "Mixed White and Black Caribbean", "Mixed White and Asian", "Asian or Asian British Pakistani",
    "Asian or Asian British Bangladeshi", "Asian or Asian British Indian", "Black or Black British African",
    "Black or Black British Caribbean", "Arab", "Not stated",
};
const size_t demo_ethnicity_count = DEMO_COUNT(demo_ethnicities);

/* Owners: 0 and 1 police, 2 Larkfield Academy, 3 Brackenmoor High School,
 * 4 health, 5 youth justice, 6 children's services, 7 community safety,
 * 8 the youth project, 9 housing (the practitioners in demo_casework.c). */
const struct demo_context_seed demo_context_seeds[] = {
    /* 0-17: locations */
    {"location", "Heronfield Park", "park", "Heronfield Road", "KV2 4HP", 0,
     "Park with a closed pavilion and poorly lit paths to the estate.", 54.5742, -1.3218, "hub", 7, 1},
    {"location", "Millrace Recreation Ground", "park", "Millrace Lane", "KV3 1MR", 0,
     "Playing fields by the canal; groups gather at the shelter after dark.", 54.5651, -1.2987, "hub", 7, 0},
    {"location", "Kestrel Vale Bus Station", "transport_hub", "Station Road", "KV1 1BS", 0,
     "Main bus station; services to the coast and the city.", 54.5703, -1.3102, "hub", 0, 1},
    {"location", "Marsh Lane Station", "transport_hub", "Marsh Lane", "KV4 2ML", 0,
     "Unstaffed railway halt on the line to the city.", 54.5598, -1.2876, "hub", 0, 0},
    {"location", "Golden Fry Takeaway", "takeaway", "7 Northgate Parade", "KV5 3NP", 0,
     "Takeaway open until 2 a.m.; young people seen collecting packages.", 54.5811, -1.3155, "hub", 7, 1},
    {"location", "Vesuvio Pizza", "takeaway", "41 Station Road", "KV1 2SR", 0,
     "Takeaway near the bus station.", 54.5709, -1.3079, "hub", 7, 0},
    {"location", "Quickstop Convenience", "shop", "88 Tanner Street", "KV4 6TS", 0,
     "Corner shop; reports of sales of alcohol and vapes to under-18s.", 54.5627, -1.2931, "hub", 7, 0},
    {"location", "Vale Vapes", "shop", "3 Old Town Row", "KV1 4OT", 0, "Vape shop in the old town.", 54.5688,
     -1.3121, "hub", 7, 0},
    {"location", "Flat 3, 12 Tanner Street", "house", "Flat 3, 12 Tanner Street", "KV4 6TA", 0,
     "Flat believed to be taken over by an adult dealing drugs (cuckooing).", 54.5631, -1.2944, "restricted", 0, 1},
    {"location", "Fenwick Court stairwells", "house", "Fenwick Court", "KV4 3FC", 0,
     "Low-rise flats; communal stairwells used for drug use and storage.", 54.5612, -1.2902, "hub", 9, 0},
    {"location", "Canal towpath by Millrace Bridge", "street", "Millrace Lane", "KV3 1MB", 0,
     "Unlit towpath between the estate and the town centre.", 54.5660, -1.3010, "hub", 7, 1},
    {"location", "Old Town underpass", "street", "Old Town Row", "KV1 4UP", 0,
     "Pedestrian underpass beneath the ring road.", 54.5679, -1.3143, "hub", 7, 0},
    {"location", "Vale Leisure Centre", "leisure", "Kestrel Way", "KV2 1LC", 0,
     "Leisure centre with a late-opening gym.", 54.5734, -1.3051, "hub", 8, 0},
    {"location", "Brackenmoor skate park", "leisure", "Brackenmoor Avenue", "KV6 2SK", 0,
     "Skate park next to the library.", 54.5853, -1.3296, "hub", 8, 0},
    {"location", "Northgate Retail Park car park", "other", "Northgate", "KV5 1RP", 0,
     "Large car park; cars meet there at night.", 54.5832, -1.3201, "hub", 0, 0},
    {"location", "Heronfield shopping precinct", "shop", "Heronfield Road", "KV2 4SP", 0,
     "Parade of shops with a bookmaker and a launderette.", 54.5751, -1.3244, "hub", 7, 0},
    {"location", "Larkfield Academy back field", "school_grounds", "Larkfield Close", "KV2 3LA", 0,
     "Playing field behind the academy, open to the public in the evening.", 54.5768, -1.3002, "hub", 2, 0},
    {"location", "Riverside Travel Inn", "other", "Chandler's Wharf", "KV1 6RW", 0,
     "Budget hotel; young people seen arriving with older adults.", 54.5695, -1.2968, "hub", 0, 0},
    /* 18-23: peer groups */
    {"peer_group", "Tanner Street group", 0, 0, 0, 0,
     "Boys of 14 to 17 from the Marsh Lane estate, seen running drugs to the coast.", 0, 0, "hub", 0, 0},
    {"peer_group", "Heronfield girls", 0, 0, 0, 0,
     "Girls of 13 to 15 who spend evenings in Heronfield Park with older men.", 0, 0, "hub", 8, 0},
    {"peer_group", "Northgate group", 0, 0, 0, 0,
     "Young people around the Northgate takeaways; some carry knives.", 0, 0, "hub", 5, 0},
    {"peer_group", "Marsh Lane crew", 0, 0, 0, 0,
     "A group in rivalry with the Northgate group; fights after school.", 0, 0, "hub", 0, 0},
    {"peer_group", "Brackenmoor Year 10 group", 0, 0, 0, 0,
     "Year 10 friendship group sharing images in a group chat.", 0, 0, "hub", 3, 0},
    {"peer_group", "Old Town skaters", 0, 0, 0, 0,
     "Skaters in the old town; some asked to hold packages.", 0, 0, "hub", 8, 0},
    /* 24-29: schools */
    {"school", "Larkfield Academy", 0, "Larkfield Close", "KV2 3LA", 0, "Secondary academy, 11 to 16.", 54.5770,
     -1.3010, "hub", 2, 0},
    {"school", "Brackenmoor High School", 0, "Brackenmoor Avenue", "KV6 2BH", 0, "Secondary school, 11 to 18.",
     54.5860, -1.3280, "hub", 3, 0},
    {"school", "St Aldric's Catholic College", 0, "Gorse Hill", "KV3 5SA", 0, "Catholic secondary school.",
     54.5622, -1.3190, "hub", 6, 0},
    {"school", "Kestrel Vale Pupil Referral Unit", 0, "Ropery Walk", "KV1 5PR", 0,
     "Alternative provision for pupils excluded from school.", 54.5690, -1.3000, "hub", 6, 0},
    {"school", "Kestrel Vale College", 0, "Kestrel Way", "KV2 1KC", 0, "Further education college, 16 plus.",
     54.5740, -1.3070, "hub", 6, 0},
    {"school", "Fernhill Primary School", 0, "Saltholme Terrace", "KV3 2FP", 0, "Primary school.", 54.5641,
     -1.3060, "hub", 6, 0},
    /* 30-34: online spaces */
    {"online_space", "KV Runners group chat", 0, 0, 0, "Snapchat",
     "Group chat used to offer young people 'work' and to send locations.", 0, 0, "hub", 0, 0},
    {"online_space", "Northgate Telegram channel", 0, 0, 0, "Telegram", "Channel advertising drugs in the area.",
     0, 0, "restricted", 1, 0},
    {"online_space", "Vale gaming Discord server", 0, 0, 0, "Discord",
     "Gaming server where adults have contacted young players.", 0, 0, "hub", 0, 0},
    {"online_space", "kv_exposed Instagram page", 0, 0, 0, "Instagram",
     "Page that posts images of local young people without consent.", 0, 0, "hub", 3, 0},
    {"online_space", "Heronfield TikTok lives", 0, 0, 0, "TikTok",
     "Live streams from Heronfield Park late at night.", 0, 0, "hub", 8, 0},
    /* 35-39: neighbourhoods */
    {"neighbourhood", "Marsh Lane estate", 0, 0, 0, 0, "Post-war estate east of the canal.", 54.5620,
     -1.2920, "hub", 7, 0},
    {"neighbourhood", "Northgate", 0, 0, 0, 0, "Retail parks and terraced streets to the north.", 54.5820,
     -1.3170, "hub", 7, 0},
    {"neighbourhood", "Old Town", 0, 0, 0, 0, "The town centre and its ring road.", 54.5690, -1.3110,
     "hub", 7, 0},
    {"neighbourhood", "Heronfield", 0, 0, 0, 0, "Estate around Heronfield Park.", 54.5750, -1.3230, "hub",
     7, 0},
    {"neighbourhood", "Brackenmoor", 0, 0, 0, 0, "Suburb to the north-west.", 54.5860, -1.3300, "hub", 7, 0},
};
const size_t demo_context_seed_count = DEMO_COUNT(demo_context_seeds);

const struct demo_group_seed demo_group_seeds[] = {
    {18, {8, 2, 10}, 30, {"county_lines", "child_criminal_exploitation"}, 14, 2},
    {19, {0, 17, 4}, 34, {"child_sexual_exploitation", "missing"}, 11, 2},
    {20, {4, 14, 5}, 31, {"serious_youth_violence", "gangs"}, 12, 1},
    {21, {9, 6, 3}, -1, {"gangs", "serious_youth_violence"}, 10, 1},
    {22, {16, 12, -1}, 33, {"online_exploitation", "teenage_relationship_abuse"}, 10, 1},
    {23, {13, 11, 7}, 32, {"child_criminal_exploitation", "online_exploitation"}, 9, 1},
};
const size_t demo_group_seed_count = DEMO_COUNT(demo_group_seeds);

const struct demo_exploitation_words demo_exploitation_words[] = {
    {"county_lines",
     {"money_gifts", "phones", "debt_bondage", "threats", "going_missing", "found_out_of_area", "several_phones",
      "unexplained_money", "older_associates", "attendance_drop", "status_belonging", 0},
     {"{name} was found by officers at {place} with two phones and cash, having been reported missing overnight.",
      "{name} told staff they owe money for a package that was taken; seen at {place} with older males.",
      "{name} returned from the coast after three days missing; last seen at {place}.",
      "{name} has new trainers and a phone that keeps ringing; staff saw them at {place} after dark."}},
    {"child_criminal_exploitation",
     {"money_gifts", "phones", "drugs_alcohol", "status_belonging", "threats", "older_associates",
      "unexplained_money", "several_phones", "attendance_drop", 0},
     {"{name} was seen at {place} handing small packages to people in cars.",
      "{name} was stopped near {place} carrying cannabis bagged for sale.",
      "An older male collects {name} from school in a car; they are later seen at {place}.",
      "{name} said they are paid to 'keep watch' at {place}."}},
    {"child_sexual_exploitation",
     {"older_partner_affection", "money_gifts", "drugs_alcohol", "image_blackmail", "isolation", "going_missing",
      "older_associates", "sti_pregnancy", "injuries", "controlling_partner", 0},
     {"{name} was seen getting into a car with an adult male at {place} late at night.",
      "{name} has a 'boyfriend' in his twenties who buys them alcohol; they meet at {place}.",
      "{name} came home intoxicated with a new phone after an evening at {place}.",
      "Staff overheard {name} talking about a party at {place} with older men."}},
    {"missing",
     {"going_missing", "found_out_of_area", "isolation", "older_associates", 0},
     {"{name} was reported missing by carers and found the next day at {place}.",
      "{name} has been missing from home three times this month; last seen at {place}.",
      "{name} missed school and was found at {place} by a youth worker.",
      "{name} went missing overnight; friends say they were at {place}."}},
    {"serious_youth_violence",
     {"violence", "carrying_weapons", "injuries", "protection", "status_belonging", "threats_to_family", 0},
     {"{name} was involved in a fight at {place}; a knife was seen.", "{name} arrived at A&E with a stab wound from an attack at {place}.",
      "{name} told a teacher they carry a blade 'for protection' around {place}.",
      "A video shows {name} being robbed at {place}; they refuse to give a statement."}},
    {"gangs",
     {"status_belonging", "protection", "violence", "threats", "threats_to_family", "carrying_weapons",
      "older_associates", 0},
     {"{name} is posting drill videos naming a rival group; filmed at {place}.",
      "{name}'s family home was attacked; the family links it to a group that meets at {place}.",
      "{name} says they have to 'represent' the group at {place}.", "{name} was chased from {place} by members of a rival group."}},
    {"online_exploitation",
     {"image_blackmail", "isolation", "threats", "phones", "older_associates", "money_gifts", 0},
     {"{name} was sent money by an adult met online and asked for images; they met once at {place}.",
      "{name}'s images were posted online; the page's admins are believed to meet at {place}.",
      "{name} is being threatened online by an account linked to {place}.",
      "An adult gamer asked {name} to meet at {place}."}},
    {"teenage_relationship_abuse",
     {"controlling_partner", "violence", "isolation", "threats", "injuries", 0},
     {"{name}'s partner checks their phone and was seen pushing them at {place}.",
      "{name} has bruising and says their partner 'gets angry'; they argued at {place}.",
      "{name}'s partner shared an intimate image of them with friends at {place}.",
      "{name} stopped seeing friends since a new relationship; staff saw them at {place}."}},
    {"trafficking_modern_slavery",
     {"debt_bondage", "found_out_of_area", "isolation", "threats", 0},
     {"{name} was found working at {place}, unpaid, and says they owe money for travel.",
      "{name} arrived in the area recently and is said to be housed above {place}.",
      "{name} was found by police far from home, having been brought to {place} by adults.",
      "{name} says an adult holds their passport; they work at {place}."}},
};
const size_t demo_exploitation_word_count = DEMO_COUNT(demo_exploitation_words);

const char *const demo_push_factors[] = {"neglect", "family_conflict", "domestic_abuse_at_home",
                                         "parental_substance_misuse", "parental_mental_ill_health", "in_care",
                                         "school_exclusion", "bereavement", "poverty", "unmet_needs"};
const size_t demo_push_factor_count = DEMO_COUNT(demo_push_factors);

const char *const demo_adverse_experiences[] = {"physical_abuse", "sexual_abuse", "emotional_abuse",
                                                "physical_neglect", "emotional_neglect", "domestic_abuse",
                                                "household_substance_misuse", "household_mental_illness",
                                                "parental_separation", "household_imprisonment"};
const size_t demo_adverse_experience_count = DEMO_COUNT(demo_adverse_experiences);

const char *const demo_young_person_words[] = {
    "I'm fine, I can look after myself.",
    "They're my mates, they look out for me.",
    "If I don't do it they'll hurt my mum.",
    "I owe them, I have to pay it back.",
    "Nobody at school listens anyway.",
    "He's my boyfriend, he buys me stuff.",
    "I just want it to stop.",
    "It's only a bit of money, everyone does it.",
    "I don't want to go home.",
    "I'm not a grass.",
};
const size_t demo_young_person_word_count = DEMO_COUNT(demo_young_person_words);

const char *const demo_context_narratives[] = {
    "Residents report groups of young people at {place} late at night, with cars arriving and leaving quickly.",
    "CCTV at {place} shows an adult handing packages to children in school uniform.",
    "Staff at {place} report young people being approached by older males offering lifts.",
    "Needles and small bags found at {place}; young people seen there during school hours.",
    "A fight involving several young people took place at {place}; one was injured.",
};
const size_t demo_context_narrative_count = DEMO_COUNT(demo_context_narratives);
