/* /api/v1/network: the neighbourhood of a person or context, and the
 * whole-graph analyses (groups, communities, brokers, adults linked to
 * several young people, hotspots), over what the caller may see. */
#ifndef CSHUB_API_NETWORK_H
#define CSHUB_API_NETWORK_H

struct request;

void api_network_neighbourhood(struct request *req);
void api_network_groups(struct request *req);
void api_network_communities(struct request *req);
void api_network_brokers(struct request *req);
void api_network_adults(struct request *req);
void api_network_hotspots(struct request *req);
void api_network_proposals(struct request *req);

#endif
