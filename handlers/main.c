/*
 * aid-api: the server (server/) serving the API's routes (routes.c).
 */
#include "handlers.h"

int
main(int argc, char *argv[])
{
	return server_main(argc, argv, &aid_app);
}
