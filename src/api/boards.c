/* The partnership boards handler: the list, read by anyone signed in (the
 * boards' names are the partnership's configuration, like the shared
 * definitions). Every board, in order; there are at most BOARDS_MAX. */
#include "api/boards.h"

#include "api/guard.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/board.h"
#include "http/request.h"
#include "http/response.h"

void api_boards_list(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    if (board_list(&ctx, &r) != STORE_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "board");
        return;
    }
    respond_json(req, 200, json_pack("{s:o}", "items", render_rows(&r)));
}
