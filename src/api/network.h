/* /api/v1/network: the neighbourhood of a person or context, and the
 * whole-graph analyses (groups, communities, brokers, adults linked to
 * several young people, hotspots), over what the caller may see. */
#ifndef CSHUB_API_NETWORK_H
#define CSHUB_API_NETWORK_H

#include <stdbool.h>

struct request;
struct network_filter;

/* The filters every network analysis takes (?confidence, link_types,
 * since, until) into filter; false after answering 400 naming the
 * parameter. Shared with the pseudonymised analyses (api/analysis.c). */
bool api_network_read_filter(struct request *req, struct network_filter *filter);

void api_network_neighbourhood(struct request *req);
void api_network_groups(struct request *req);
void api_network_communities(struct request *req);
void api_network_brokers(struct request *req);
void api_network_adults(struct request *req);
void api_network_hotspots(struct request *req);
void api_network_proposals(struct request *req);

#endif
