/* /api/v1/analysis/network/...: the analysts' pseudonymised picture of
 * the network shared with the hub (groups, communities, brokers, adults
 * linked to several young people, hotspots), every person shown by a
 * pseudonym and an age band (domain/pseudonymised.h); and
 * /api/v1/pseudonyms/{pseudonym}/resolve, by which a coordinator turns a
 * pseudonym back into its record, giving a reason. */
#ifndef CSHUB_API_ANALYSIS_H
#define CSHUB_API_ANALYSIS_H

struct request;

void api_analysis_groups(struct request *req);
void api_analysis_communities(struct request *req);
void api_analysis_brokers(struct request *req);
void api_analysis_adults(struct request *req);
void api_analysis_hotspots(struct request *req);
void api_pseudonyms_resolve(struct request *req);

#endif
