# aid-api as a container image: a Debian 13 (trixie) stage builds the server
# and its database with the same `make` as everywhere, and runs the whole
# test suite against Debian 13's libraries (libmicrohttpd 1.0); the runtime
# stage is FROM scratch and holds only the binary, the database, the shared
# libraries it loads (with the dynamic loader, at their own paths) and a
# passwd/group naming its non-root user. scripts/check-container.sh builds
# and tests it with podman; scripts/check-trixie.sh runs the build stage
# alone, for the test suite on Debian 13.
#
#   podman build --format docker --build-arg SOURCE=https://... -t aid-api .
#   podman run --read-only -p 8080:8080 aid-api
#
# (--format docker keeps the HEALTHCHECK, which the OCI format drops.)

FROM docker.io/library/debian:trixie AS build

# The compiler, the -dev packages and the test libraries, from the list
# every machine uses.
COPY scripts/install-deps.sh /src/scripts/install-deps.sh
RUN /src/scripts/install-deps.sh test && rm -rf /var/lib/apt/lists/*

# What `make` and `make test` read: no build/ of the host. The page (web/)
# is embedded in the binary by scripts/embed-web.sh.
WORKDIR /src
COPY Makefile ./
COPY scripts/embed-web.sh scripts/embed-web.sh
COPY server/ server/
COPY handlers/ handlers/
COPY db/ db/
COPY web/ web/
# The data's date (no .git here): the newest commit of the data files,
# passed with --build-arg SOURCE_DATE_EPOCH=...; make stops without it.
ARG SOURCE_DATE_EPOCH
RUN make && build/aid-api --version
COPY tests/ tests/
RUN make test && strip build/aid-api

# The runtime tree: binary and database in /app, then exactly the shared
# objects ldd lists (the loader included), each dereferenced and copied to
# the path ldd names; a passwd and group with the user aid (10001:10001).
RUN set -eu; \
    mkdir -p /rootfs/app /rootfs/etc; \
    cp build/aid-api build/aid.db /rootfs/app/; \
    chmod 0555 /rootfs/app/aid-api; chmod 0444 /rootfs/app/aid.db; \
    for lib in $(ldd build/aid-api | grep -o '/[^ ]*'); do \
      mkdir -p "/rootfs$(dirname "$lib")"; \
      cp -L "$lib" "/rootfs$lib"; \
    done; \
    printf 'root:x:0:0:root:/:/sbin/nologin\naid:x:10001:10001:aid-api:/app:/sbin/nologin\n' \
      > /rootfs/etc/passwd; \
    printf 'root:x:0:\naid:x:10001:\n' > /rootfs/etc/group; \
    chmod 0644 /rootfs/etc/passwd /rootfs/etc/group; \
    chroot /rootfs /app/aid-api --version

FROM scratch

# The repository's address is not known inside the tree: pass it with
# --build-arg SOURCE=https://... (it stays "unknown" otherwise).
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="aid-api" \
      org.opencontainers.image.description="Read-only HTTP JSON API serving every fact of the article \"Shanghai's partner aid to Yunnan\" (GPIG, 2018)" \
      org.opencontainers.image.version="1.0.0" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="${SOURCE}"

COPY --from=build /rootfs/ /

USER 10001:10001
WORKDIR /app
ENV BIND=0.0.0.0 \
    PORT=8080 \
    AID_DB=/app/aid.db \
    AID_ACCESS_LOG=json
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/app/aid-api", "--healthcheck"]
ENTRYPOINT ["/app/aid-api"]
